"use client";

import { scopeText } from "@/lib/keys/scope-text";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { RequestView } from "@/lib/requests/queries";
import type { IssuedFromRequest } from "@/lib/issuance/types";
import { api, ApiError, Submissions } from "./api-client";
import { ConfirmDialog } from "./ConfirmDialog";
import { useIssueViews } from "./use-issue-views";
import { progressFetch } from "./progress-fetch";
import { useWatchedIssue } from "./use-watched-issue";
import { Alert } from "./ui/Alert";
import { StatusBadge } from "./ui/StatusBadge";
import { formatRelative, formatWhen } from "./ui/format";
import { graceText, replacedKeyNotice } from "./rotation-text";
import { buttonClass, cardClass, linkClass } from "./ui/styles";

const statusText: Record<string, string> = {
  pending: "Waiting for an admin's approval.",
  approved: "Approved — ready to issue. The secret will be shown to you once.",
  denied: "Denied.",
  cancelled: "You cancelled this request.",
  lapsed: "The approval lapsed before the key was issued. Request it again if you still need it.",
  issued: "Issued.",
};

/** The requester's own requests: Issue on approved ones (the copy-once panel), Cancel on pending ones. */
export function RequestList({ requests }: { requests: RequestView[] }) {
  const router = useRouter();
  const [issued, setIssued] = useState<IssuedFromRequest | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; message: string } | null>(null);
  const [cancelling, setCancelling] = useState<RequestView | null>(null);
  // Each Issue click is one submission; a retry after a network error reuses its Idempotency-Key.
  const [submissions] = useState(() => new Submissions());
  const issuing = useWatchedIssue();
  const shown = useIssueViews();
  const { views } = shown;

  if (issuing.watch && views) return <views.IssueProgress watch={issuing.watch} onCancel={issuing.cancel} />;
  if (issued && views) {
    const replaced = issued.replaced ? replacedKeyNotice(issued.replaced) : null;
    return (
      <div className="space-y-4">
        {replaced ? (
          <Alert tone={replaced.tone} title={replaced.title}>
            {replaced.text}
          </Alert>
        ) : null}
        <views.CopyOnce
          keyId={issued.key.id}
          keyName={issued.key.name}
          secret={issued.secret}
          publicId={issued.publicId}
          usage={issued.usage}
        />
      </div>
    );
  }

  async function act(id: string, verb: "issue" | "cancel") {
    setBusy(id);
    setError(null);
    try {
      if (verb === "issue") {
        await shown.load();
        try {
          setIssued(
            await issuing.run((watch) =>
              progressFetch("POST /api/requests/:id/issue", {
                params: { id },
                idempotencyKey: submissions.keyFor(`issue ${id}`),
                ...watch,
              }),
            ),
          );
          submissions.settled();
        } catch (err) {
          submissions.settled(err);
          throw err;
        }
      } else {
        await api("POST /api/requests/:id/cancel", { params: { id } });
        router.refresh();
      }
    } catch (err) {
      setError({ id, message: err instanceof ApiError ? err.message : "That did not work. Try again." });
      router.refresh();
    } finally {
      setBusy(null);
      setCancelling(null);
    }
  }

  return (
    <>
      <ConfirmDialog
        open={cancelling !== null}
        title={`Cancel the request for “${cancelling?.name ?? ""}”?`}
        confirmLabel="Cancel request"
        danger
        busy={busy !== null}
        onCancel={() => setCancelling(null)}
        onConfirm={() => cancelling && act(cancelling.id, "cancel")}
      >
        <p>The approvers no longer see it. To get the key later, request it again.</p>
      </ConfirmDialog>
      <ul className="space-y-4">
        {requests.map((r) => (
          <li key={r.id} id={r.id} className={cardClass} aria-labelledby={`req-${r.id}`}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div>
                <h2 id={`req-${r.id}`} className="font-semibold">
                  {r.name}
                </h2>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {r.connectionName}
                  {r.scope.length ? ` · ${scopeText(r.scope, r.scopeNames)}` : ""}
                  {r.securityLevel ? ` · ${r.securityLevel}` : ""}
                  {` · expires ${r.expiresAt ? formatWhen(r.expiresAt) : "as the vendor decides"}`}
                </p>
              </div>
              <StatusBadge status={r.status} />
            </div>
            <p className="mt-2 text-sm">Reason: {r.reason}</p>
            {r.rotation ? (
              <p className="mt-1 text-sm">
                Rotation: replaces{" "}
                <Link href={`/keys/${r.rotation.keyId}`} className={linkClass}>
                  the current key
                </Link>
                , which is {graceText(r.rotation.graceHours)}.
              </p>
            ) : null}
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              {statusText[r.status] ?? r.status}
              {r.decidedBy && r.status !== "cancelled"
                ? ` Decided by ${r.decidedBy}${r.decisionReason ? `: ${r.decisionReason}` : "."}`
                : ""}
              {r.status === "cancelled" && r.decisionReason ? ` ${r.decisionReason}` : ""}
              {r.status === "approved" && r.approvalExpiresAt
                ? ` The approval lapses ${formatRelative(r.approvalExpiresAt)}.`
                : ""}
            </p>
            {error?.id === r.id ? (
              <div className="mt-3">
                <Alert tone="error" title="Nothing was done">
                  {error.message}
                </Alert>
              </div>
            ) : null}
            <div className="mt-3 flex flex-wrap gap-2">
              {r.status === "approved" ? (
                <button
                  type="button"
                  className={buttonClass.primary}
                  disabled={busy !== null}
                  onClick={() => act(r.id, "issue")}
                >
                  {busy === r.id ? "Issuing on the vendor…" : "Issue"}
                </button>
              ) : null}
              {r.status === "pending" ? (
                <button
                  type="button"
                  className={buttonClass.secondary}
                  disabled={busy !== null}
                  onClick={() => setCancelling(r)}
                >
                  Cancel request
                </button>
              ) : null}
              {r.keyId ? (
                <Link href={`/keys/${r.keyId}`} className={linkClass}>
                  View the key
                </Link>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
