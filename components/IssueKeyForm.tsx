"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { VendorCapabilities } from "@/lib/vendors/types";
import { type IssueKeyBody } from "@/lib/keys/mint-input";
import { mintInputErrors } from "@/lib/keys/mint-checks";
import { scopeWords, withArticle } from "@/lib/words";
import { REASON_REQUIRED } from "@/lib/requests/reason";
import { boundedExpiry, type Entitlement } from "@/lib/policies/evaluate";
import { isOwnAccountKey, OWN_ACCOUNT_WARNING } from "@/lib/policies/own-account";
import { api, ApiError, Submissions } from "./api-client";
import { Field, describedBy } from "./ui/Field";
import { Alert } from "./ui/Alert";
import { ErrorSummary } from "./ui/ErrorSummary";
import { IssueFormOutcome, issueFieldId } from "./IssueFormOutcome";
import { ScopePicker } from "./ScopePicker";
import { ExpiryPicker, defaultExpiry, expiryInstant, type ExpiryChoice } from "./ExpiryPicker";
import { useIssueViews } from "./use-issue-views";
import { CANCELLED, progressFetch } from "./progress-fetch";
import type { ApiResult } from "./api-routes";
import { useWatchedIssue } from "./use-watched-issue";
import { buttonClass, inputClass } from "./ui/styles";

interface ConnectionChoice {
  id: string;
  name: string;
  caps: VendorCapabilities;
  /** In request mode: what the member's grant allows on this connection. */
  entitlement?: Entitlement;
}

/**
 * The key form. "issue": an admin's one-step issue (POST /api/keys, secret shown here).
 * "request": a member's request (POST /api/requests), narrowed to what their grant allows;
 * the key is issued later from "My requests".
 */
export function IssueKeyForm({
  connections,
  selectedId,
  mode = "issue",
}: {
  connections: ConnectionChoice[];
  selectedId: string;
  mode?: "issue" | "request";
}) {
  const router = useRouter();
  const connection = connections.find((c) => c.id === selectedId) ?? connections[0]!;
  const ent = connection.entitlement;
  // The grant narrows the vendor's choices; the BFF applies the same bounds.
  const caps: VendorCapabilities = ent
    ? {
        ...connection.caps,
        securityLevels: ent.securityLevels.length
          ? connection.caps.securityLevels.filter((l) => ent.securityLevels.includes(l.value))
          : connection.caps.securityLevels,
        expiry: boundedExpiry(connection.caps, ent),
      }
    : connection.caps;
  const [reason, setReason] = useState("");
  const [name, setName] = useState("");
  const [scope, setScope] = useState<string[]>([]);
  const [securityLevel, setSecurityLevel] = useState(caps.securityLevels[0]?.value ?? "");
  const [expiry, setExpiry] = useState<ExpiryChoice>(defaultExpiry(caps.expiry));
  const [fields, setFields] = useState<Record<string, string>>(
    Object.fromEntries(caps.issueFields.filter((f) => f.defaultValue).map((f) => [f.name, f.defaultValue!])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; keyId?: string; cancelled?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  // A double click or a retry after a network error is the same submission: one key at most.
  const [submissions] = useState(() => new Submissions());
  const [issued, setIssued] = useState<ApiResult<"POST /api/keys"> | null>(null);
  const issuing = useWatchedIssue();
  const shown = useIssueViews();
  // Where the grant does not name the connection's own account, choosing no role is no choice at all
  // (the BFF refuses it): the form asks for a role instead of warning about a key it will not get.
  // Without a scope to pick (Expedition) the page says the grant names nothing, and the BFF refuses.
  const ownAccount = isOwnAccountKey(caps, scope);
  const ownAccountRefused = ownAccount && caps.scope.kind !== "none" && ent !== undefined && !ent.ownAccount;

  const { views } = shown;
  if (issuing.watch && views) return <views.IssueProgress watch={issuing.watch} onCancel={issuing.cancel} />;
  if (issued && views)
    return (
      <views.CopyOnce
        keyId={issued.key.id}
        keyName={issued.key.name}
        secret={issued.secret}
        publicId={issued.publicId}
        usage={issued.usage}
      />
    );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const at = caps.expiry.kind === "picker" ? expiryInstant(expiry) : undefined;
    const body: IssueKeyBody = {
      connectionId: connection.id,
      name: name.trim(),
      scope,
      securityLevel: caps.securityLevels.length ? securityLevel : undefined,
      expiresAt:
        caps.expiry.kind === "picker"
          ? at === undefined
            ? undefined
            : at === null
              ? null
              : at.toISOString()
          : undefined,
      fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== "")),
    };
    const local = mintInputErrors(caps, body);
    if (ownAccountRefused && !local.scope) {
      local.scope = `Choose ${withArticle(scopeWords(caps.scope).one)}.`;
    }
    if (!reason.trim()) local.reason = REASON_REQUIRED;
    if (!body.name) local.name = "Give the key a name so you can recognise it later.";
    if (caps.expiry.kind === "picker" && at === undefined) local.expiresAt = "Pick an expiry date.";
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      if (mode === "request") {
        const made = await api("POST /api/requests", { body: { ...body, reason: reason.trim() } });
        router.push(`/requests?made=${made.request.id}`);
        return;
      }
      const submitted = { ...body, reason: reason.trim() };
      await shown.load();
      try {
        setIssued(
          await issuing.run((watch) =>
            progressFetch("POST /api/keys", {
              body: submitted,
              idempotencyKey: submissions.keyFor(submitted),
              ...watch,
            }),
          ),
        );
        submissions.settled();
      } catch (err) {
        submissions.settled(err);
        throw err;
      }
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "Issuing failed.");
      setErrors(e.fields);
      const outcome = e.extra.outcome as { keyId?: string | null } | undefined;
      setFormError({ message: e.message, keyId: outcome?.keyId ?? undefined, cancelled: e.code === CANCELLED });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-5" aria-busy={busy}>
      <ErrorSummary errors={errors} fieldId={issueFieldId} />
      <Field id="connection" label="Connection" required>
        <select
          id="connection"
          value={connection.id}
          onChange={(e) =>
            router.replace(`${mode === "request" ? "/requests/new" : "/keys/new"}?connection=${e.target.value}`)
          }
          className={inputClass}
        >
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.caps.displayName}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="key-name"
        label="Key name"
        required
        error={errors.name}
        help="What the key is for, e.g. “backup-script on host01”."
      >
        <input
          id="key-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={caps.nameMaxLength + 20}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy("key-name", errors.name, true)}
          className={inputClass}
        />
      </Field>
      {caps.scope.kind !== "none" ? (
        <ScopePicker
          key={connection.id}
          connectionId={connection.id}
          rule={caps.scope}
          value={scope}
          onChange={setScope}
          error={errors.scope}
          allowed={ent && !ent.anyScope ? ent.scopes : undefined}
          emptyAllowed={!ent || ent.ownAccount}
        />
      ) : null}
      {ownAccount && !ownAccountRefused ? (
        <Alert tone="warning" title="A key of the connection's own account">
          {OWN_ACCOUNT_WARNING}
        </Alert>
      ) : null}
      {caps.securityLevels.length ? (
        <fieldset className="space-y-1" aria-describedby={errors.securityLevel ? "level-error" : undefined}>
          <legend className="text-sm font-medium">Security level</legend>
          {caps.securityLevels.map((l) => (
            <label key={l.value} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="securityLevel"
                className="mt-1"
                checked={securityLevel === l.value}
                onChange={() => setSecurityLevel(l.value)}
              />
              <span>
                <span className="font-medium">{l.label}</span>
                {l.help ? <span className="block text-xs text-slate-500">{l.help}</span> : null}
              </span>
            </label>
          ))}
          {errors.securityLevel ? (
            <p id="level-error" role="alert" className="text-sm text-rose-700 dark:text-rose-400">
              {errors.securityLevel}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <ExpiryPicker rule={caps.expiry} value={expiry} onChange={setExpiry} error={errors.expiresAt} />
      {caps.issueFields.map((f) => {
        const id = `issue-${f.name}`;
        const err = errors[`fields.${f.name}`];
        const common = {
          id,
          value: fields[f.name] ?? "",
          "aria-invalid": Boolean(err),
          "aria-describedby": describedBy(id, err, f.help),
          className: inputClass,
        };
        const set = (v: string) => setFields({ ...fields, [f.name]: v });
        return (
          <Field key={f.name} id={id} label={f.label} required={f.required} error={err} help={f.help}>
            {f.kind === "textarea" ? (
              <textarea {...common} rows={3} onChange={(e) => set(e.target.value)} />
            ) : f.kind === "select" ? (
              <select {...common} onChange={(e) => set(e.target.value)}>
                <option value="">Choose…</option>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input {...common} onChange={(e) => set(e.target.value)} />
            )}
          </Field>
        );
      })}
      <Field
        id="reason"
        label="Reason"
        required
        error={errors.reason}
        help={
          mode === "request"
            ? "Why you need this key. Approvers and the audit log see it."
            : "Why this key is needed. It is kept with the key and in the audit log."
        }
      >
        <textarea
          id="reason"
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={1000}
          aria-invalid={Boolean(errors.reason)}
          aria-describedby={describedBy("reason", errors.reason, true)}
          className={inputClass}
        />
      </Field>
      {mode === "request" && ent ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {ent.requiresApproval
            ? "An admin must approve this request before you can issue the key."
            : "Your role's policy approves this request at once; you then issue the key yourself."}
        </p>
      ) : null}
      {formError ? <IssueFormOutcome error={formError} fieldsToo={Object.keys(errors).length > 0} /> : null}
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={busy} className={buttonClass.primary}>
          {mode === "request" ? (busy ? "Sending…" : "Send request") : busy ? "Issuing on the vendor…" : "Issue key"}
        </button>
        <Link href={mode === "request" ? "/requests" : "/keys"} className={buttonClass.secondary}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
