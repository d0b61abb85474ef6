"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { EVENT_INFO, type NotifyChannel } from "@/lib/notify/events";
import type { NotifyRule } from "@/lib/notify/rules";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { buttonClass, inputClass } from "../ui/styles";

/** The id of a rule's "days before" input: event names hold dots, which CSS selectors trip on. */
const daysId = (event: string) => `rule-days-${event.replace(/\W/g, "-")}`;

const CHANNEL_LABEL: Record<NotifyChannel, string> = { console: "In the console", email: "E-mail" };

/** Days typed as "30, 7, 1"; anything that is not a whole number is sent as is for the BFF to name. */
function parseDays(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((d) => Number(d));
}

export function RulesForm({ initial, canManage }: { initial: NotifyRule[]; canManage: boolean }) {
  const router = useRouter();
  const [rules, setRules] = useState(initial);
  const [days, setDays] = useState(() =>
    Object.fromEntries(initial.map((r) => [r.event, (r.thresholds ?? []).join(", ")])),
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    async () => {
      setSaved(false);
      await api("PUT /api/notifications/rules", {
        body: {
          rules: rules.map((r) => ({
            event: r.event,
            channels: r.channels,
            thresholds: r.thresholds ? parseDays(days[r.event] ?? "") : null,
          })),
        },
      });
      setSaved(true);
      router.refresh();
    },
    { fallback: "The rules were not saved." },
  );

  const toggle = (event: string, channel: NotifyChannel, on: boolean) =>
    setRules((all) =>
      all.map((r) =>
        r.event !== event
          ? r
          : { ...r, channels: on ? [...r.channels, channel] : r.channels.filter((c) => c !== channel) },
      ),
    );

  /** Cancel: the rules as saved, nothing sent. */
  function reset() {
    setRules(initial);
    setDays(Object.fromEntries(initial.map((r) => [r.event, (r.thresholds ?? []).join(", ")])));
    setSaved(false);
    save.fail(null);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void save.run();
  }

  // The BFF names the rule by its place in the list, and a day by its place in the rule.
  const fieldError = (i: number) =>
    Object.entries(save.fieldErrors).find(([path]) => path.startsWith(`rules.${i}.thresholds`))?.[1];
  // The summary names each refused rule and links to its days.
  const summary = Object.fromEntries(
    rules.flatMap((rule, i) => {
      const message = fieldError(i);
      return message ? [[daysId(rule.event), `${EVENT_INFO[rule.event].label}: ${message}`]] : [];
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <ErrorSummary errors={summary} />
      {saved ? <Alert tone="success">Rules saved.</Alert> : null}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {rules.map((rule, i) => (
          <li key={rule.event} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0">
              <p className="text-sm font-medium">{EVENT_INFO[rule.event].label}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">To {EVENT_INFO[rule.event].audience}</p>
            </div>
            <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <legend className="sr-only">Channels for {EVENT_INFO[rule.event].label}</legend>
              {(Object.keys(CHANNEL_LABEL) as NotifyChannel[]).map((channel) => (
                <label key={channel} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={rule.channels.includes(channel)}
                    disabled={!canManage}
                    onChange={(e) => toggle(rule.event, channel, e.target.checked)}
                  />
                  {CHANNEL_LABEL[channel]}
                </label>
              ))}
              {rule.thresholds ? (
                <label className="flex items-center gap-2 text-sm whitespace-nowrap">
                  Days before
                  <input
                    value={days[rule.event] ?? ""}
                    disabled={!canManage}
                    onChange={(e) => setDays((d) => ({ ...d, [rule.event]: e.target.value }))}
                    id={daysId(rule.event)}
                    aria-invalid={Boolean(fieldError(i))}
                    aria-describedby={fieldError(i) ? `${daysId(rule.event)}-error` : undefined}
                    className={`${inputClass} w-28`}
                    inputMode="numeric"
                  />
                </label>
              ) : null}
              {fieldError(i) ? (
                <p id={`${daysId(rule.event)}-error`} className="w-full text-xs text-rose-700 dark:text-rose-400">
                  {fieldError(i)}
                </p>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ul>
      {save.error ? <SubmitError focus={!Object.keys(summary).length}>{save.error}</SubmitError> : null}
      {canManage ? (
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={save.busy} className={buttonClass.primary}>
            {save.busy ? "Saving…" : "Save rules"}
          </button>
          <button type="button" onClick={reset} disabled={save.busy} className={buttonClass.secondary}>
            Cancel
          </button>
        </div>
      ) : null}
    </form>
  );
}
