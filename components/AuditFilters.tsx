"use client";

import { useSyncExternalStore, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Field } from "./ui/Field";
import { buttonClass, inputClass } from "./ui/styles";
import { actionLabel } from "@/lib/audit/action-labels";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: string;
  /** ISO instants. */
  from?: string;
  to?: string;
  order?: string;
}

/** An ISO instant as a datetime-local value in the browser's own time zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

const noSubscription = () => () => {};

/**
 * The audit viewer's filters. Times are entered in the user's time zone and sent as ISO
 * instants, so the server never guesses the zone. Submitting starts again from the first page.
 */
export function AuditFilters({
  values,
  actions,
  size,
}: {
  values: AuditFilterValues;
  actions: readonly string[];
  /** The chosen page size, kept when the filters change (they start again from the first page). */
  size?: string;
}) {
  const router = useRouter();
  // The server renders without knowing the browser's zone; the local times appear once hydrated
  // (a new key gives the inputs their local default then, and again when the filter changes).
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const zone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : "your time zone";
  const from = hydrated ? toLocalInput(values.from) : "";
  const to = hydrated ? toLocalInput(values.to) : "";

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const params = new URLSearchParams();
    for (const name of ["actor", "action", "targetType", "targetId", "outcome", "order"]) {
      const v = String(form.get(name) ?? "").trim();
      if (v && !(name === "order" && v === "newest")) params.set(name, v);
    }
    const fromInput = String(form.get("from") ?? "");
    const toInput = String(form.get("to") ?? "");
    if (fromInput) params.set("from", new Date(fromInput).toISOString());
    if (toInput) params.set("to", new Date(toInput).toISOString());
    if (size) params.set("size", size);
    const query = params.toString();
    router.push(query ? `/audit?${query}` : "/audit");
  }

  const actionOptions = values.action && !actions.includes(values.action) ? [...actions, values.action] : actions;
  return (
    <form
      onSubmit={submit}
      aria-label="Filter the audit log"
      className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <Field id="audit-actor" label="Actor (e-mail)">
        <input
          id="audit-actor"
          name="actor"
          type="email"
          defaultValue={values.actor ?? ""}
          className={inputClass}
          autoComplete="off"
        />
      </Field>
      <Field id="audit-action" label="Action">
        <select id="audit-action" name="action" defaultValue={values.action ?? ""} className={inputClass}>
          <option value="">Any action</option>
          {actionOptions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a) === a ? a : `${actionLabel(a)} (${a})`}
            </option>
          ))}
        </select>
      </Field>
      <Field id="audit-target-type" label="Target type">
        <input
          id="audit-target-type"
          name="targetType"
          defaultValue={values.targetType ?? ""}
          placeholder="key, connection, team…"
          className={inputClass}
        />
      </Field>
      <Field id="audit-target-id" label="Target id">
        <input id="audit-target-id" name="targetId" defaultValue={values.targetId ?? ""} className={inputClass} />
      </Field>
      <Field id="audit-outcome" label="Outcome">
        <select id="audit-outcome" name="outcome" defaultValue={values.outcome ?? ""} className={inputClass}>
          <option value="">Any outcome</option>
          <option value="success">success</option>
          <option value="failure">failure</option>
          <option value="denied">denied</option>
        </select>
      </Field>
      <Field id="audit-from" label="From" help={`In ${zone}.`}>
        <input
          id="audit-from"
          key={`from-${from}`}
          name="from"
          type="datetime-local"
          defaultValue={from}
          className={inputClass}
        />
      </Field>
      <Field id="audit-to" label="To (before)" help={`In ${zone}.`}>
        <input
          id="audit-to"
          key={`to-${to}`}
          name="to"
          type="datetime-local"
          defaultValue={to}
          className={inputClass}
        />
      </Field>
      <Field id="audit-order" label="Order">
        <select id="audit-order" name="order" defaultValue={values.order ?? "newest"} className={inputClass}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </Field>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
        <button type="submit" className={buttonClass.primary}>
          Apply filters
        </button>
        <a href="/audit" className={buttonClass.secondary}>
          Clear
        </a>
      </div>
    </form>
  );
}
