"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { EVENT_INFO, NOTIFY_EVENTS, type NotifyEvent } from "@/lib/notify/events";
import { WEBHOOK_FORMAT_LABELS, WEBHOOK_FORMATS, type WebhookFormat } from "@/lib/notify/webhook-formats";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";
import { ShownOnce } from "../team/ShownOnce";

/** Adds a webhook endpoint; its signing secret is shown once, right after. */
export function WebhookForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<NotifyEvent[]>(["key.expiring", "key.ended", "key.expiry_missed"]);
  const [allowHttp, setAllowHttp] = useState(false);
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [format, setFormat] = useState<WebhookFormat>("standard");
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation(
    async () => {
      setSecret(null);
      const res = await api("POST /api/webhooks", { body: { name, url, events, allowHttp, allowPrivate, format } });
      setSecret(res.secret);
      setName("");
      setUrl("");
      router.refresh();
    },
    { fallback: "The endpoint was not added." },
  );
  const errors = create.fieldErrors;
  /** Cancel: the form back as it opened, nothing sent. */
  const reset = () => {
    setName("");
    setUrl("");
    setEvents(["key.expiring", "key.ended", "key.expiry_missed"]);
    setAllowHttp(false);
    setAllowPrivate(false);
    setFormat("standard");
    create.fail(null);
  };
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void create.run();
  }
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4">
      <ErrorSummary errors={errors} fieldId={(key) => `webhook-${key}`} />
      {secret ? (
        <ShownOnce title="Endpoint added" label="Signing secret" value={secret} testId="webhook-secret">
          Verify each delivery&apos;s webhook-signature with this secret (Standard Webhooks).
        </ShownOnce>
      ) : null}
      <Field id="webhook-name" label="Name" error={errors.name}>
        <input
          id="webhook-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy("webhook-name", errors.name)}
          className={inputClass}
        />
      </Field>
      <Field
        id="webhook-url"
        label="URL"
        error={errors.url}
        help="https only, public addresses only, redirects not followed — unless you allow otherwise below."
      >
        <input
          id="webhook-url"
          type="url"
          value={url}
          placeholder="https://hooks.example.com/keyward"
          onChange={(e) => setUrl(e.target.value)}
          aria-invalid={Boolean(errors.url)}
          aria-describedby={describedBy("webhook-url", errors.url, true)}
          className={inputClass}
        />
      </Field>
      <Field
        id="webhook-format"
        label="Format"
        error={errors.format}
        help="Standard Webhooks: signed JSON for your own automation. Slack (incoming webhook) and Teams (incoming webhook or Workflows): a short message with a link into the console."
      >
        <select
          id="webhook-format"
          value={format}
          onChange={(e) => setFormat(e.target.value as WebhookFormat)}
          aria-invalid={Boolean(errors.format)}
          aria-describedby={describedBy("webhook-format", errors.format, true)}
          className={inputClass}
        >
          {WEBHOOK_FORMATS.map((f) => (
            <option key={f} value={f}>
              {WEBHOOK_FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="space-y-2" aria-describedby={errors.events ? "webhook-events" : undefined}>
        <legend className="text-sm font-medium">Events</legend>
        {errors.events ? (
          <p id="webhook-events" className="text-xs text-rose-700 dark:text-rose-400">
            {errors.events}
          </p>
        ) : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {NOTIFY_EVENTS.map((event) => (
            <label key={event} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                checked={events.includes(event)}
                onChange={(e) =>
                  setEvents((all) => (e.target.checked ? [...all, event] : all.filter((x) => x !== event)))
                }
              />
              {EVENT_INFO[event].label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Allowances</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} />
          Allow plain http (deliveries readable on the way)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.target.checked)} />
          Allow private and loopback addresses (a receiver inside your network)
        </label>
      </fieldset>
      {create.error ? <SubmitError focus={!Object.keys(errors).length}>{create.error}</SubmitError> : null}
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={create.busy} className={buttonClass.primary}>
          {create.busy ? "Adding…" : "Add endpoint"}
        </button>
        <button type="button" onClick={reset} disabled={create.busy} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
