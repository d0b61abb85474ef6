"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { RequestView } from "@/lib/requests/queries";
import { api, ApiError } from "./api-client";
import { Alert } from "./ui/Alert";
import { Field } from "./ui/Field";
import { formatRelative, formatWhen } from "./ui/format";
import { graceText } from "./rotation-text";
import { buttonClass, cardClass, inputClass, linkClass } from "./ui/styles";

/** Pending requests with everything a decider needs: who, what, how long, why, and the policy that applies. */
export function ApprovalQueue({ requests, selfId }: { requests: RequestView[]; selfId: string }) {
  return (
    <ul className="space-y-4">
      {requests.map((r) => (
        <ApprovalCard key={r.id} request={r} own={r.requesterId === selfId} />
      ))}
    </ul>
  );
}

function ApprovalCard({ request: r, own }: { request: RequestView; own: boolean }) {
  const router = useRouter();
  const [shorter, setShorter] = useState("");
  const [denyReason, setDenyReason] = useState("");
  const [denying, setDenying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const idp = `ap-${r.id}`;

  async function decide(verb: "approve" | "deny") {
    setBusy(true);
    setError(null);
    try {
      if (verb === "approve") {
        const body = shorter ? { expiresAt: new Date(`${shorter}T23:59:00`).toISOString() } : {};
        await api("POST /api/requests/:id/approve", { params: { id: r.id }, body });
      } else {
        await api("POST /api/requests/:id/deny", { params: { id: r.id }, body: { reason: denyReason } });
      }
      router.refresh();
    } catch (err) {
      setError(
        err instanceof ApiError
          ? { message: err.message, fields: err.fields }
          : { message: "That did not work. Try again.", fields: {} },
      );
    } finally {
      setBusy(false);
    }
  }

  const policy = r.policy
    ? `${r.policy.teamRole} grant · ${r.policy.requiresApproval ? "approval required" : "auto-approved"}${r.policy.maxDays ? ` · at most ${r.policy.maxDays} days` : ""}`
    : "the grant was removed since";
  return (
    <li className={cardClass} aria-labelledby={`${idp}-h`}>
      <h2 id={`${idp}-h`} className="font-semibold">
        {r.name} <span className="font-normal text-slate-600 dark:text-slate-400">on {r.connectionName}</span>
      </h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Requester</dt>
        <dd>
          {r.requester}
          {own ? " (you)" : ""}
        </dd>
        <dt className="font-medium">What</dt>
        <dd>{[r.scope.join(", ") || "no role chosen", r.securityLevel].filter(Boolean).join(" · ")}</dd>
        <dt className="font-medium">How long</dt>
        <dd>
          {r.expiresAt
            ? `until ${formatWhen(r.expiresAt)} (${formatRelative(r.expiresAt)})`
            : "as the vendor decides / never"}
        </dd>
        <dt className="font-medium">Why</dt>
        <dd>{r.reason}</dd>
        {r.rotation ? (
          <>
            <dt className="font-medium">Rotation</dt>
            <dd>
              Replaces{" "}
              <Link href={`/keys/${r.rotation.keyId}`} className={linkClass}>
                the current key
              </Link>
              , which is {graceText(r.rotation.graceHours)}.
            </dd>
          </>
        ) : null}
        <dt className="font-medium">Policy</dt>
        <dd>{policy}</dd>
        <dt className="font-medium">Requested</dt>
        <dd>{formatWhen(r.createdAt)}</dd>
      </dl>
      {error ? (
        <div className="mt-3">
          <Alert tone="error" title="Nothing was changed">
            {error.message}
          </Alert>
        </div>
      ) : null}
      <div className="mt-4 flex flex-wrap items-end gap-3">
        {r.expiresAt !== null || r.policy?.maxDays ? (
          <div className="w-56">
            <Field id={`${idp}-exp`} label="Shorter expiry (optional)" error={error?.fields.expiresAt}>
              <input
                id={`${idp}-exp`}
                type="date"
                value={shorter}
                onChange={(e) => setShorter(e.target.value)}
                className={inputClass}
              />
            </Field>
          </div>
        ) : null}
        <button type="button" className={buttonClass.primary} disabled={busy} onClick={() => decide("approve")}>
          Approve
        </button>
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={busy}
          onClick={() => setDenying(!denying)}
          aria-expanded={denying}
        >
          Deny…
        </button>
      </div>
      {denying ? (
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <Field id={`${idp}-deny`} label="Reason for denying" required error={error?.fields.reason}>
              <input
                id={`${idp}-deny`}
                value={denyReason}
                onChange={(e) => setDenyReason(e.target.value)}
                className={inputClass}
              />
            </Field>
          </div>
          <button type="button" className={buttonClass.danger} disabled={busy} onClick={() => decide("deny")}>
            Deny request
          </button>
        </div>
      ) : null}
    </li>
  );
}
