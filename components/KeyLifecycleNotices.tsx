import Link from "next/link";
import type { KeyLifecycleView } from "@/lib/keys/lifecycle/view";
import type { OpenRotation } from "@/lib/requests/open-rotation";
import { Alert } from "./ui/Alert";
import { formatRelative, formatWhen } from "./ui/format";
import { linkClass } from "./ui/styles";

/** Rotation links, pending retirement, "retire by hand" and drift found by reconciliation. */
export function KeyLifecycleNotices({
  life,
  openRotation,
}: {
  life: KeyLifecycleView;
  openRotation: OpenRotation | null;
}) {
  const notices: React.ReactNode[] = [];
  if (life.delivery === "unconfirmed" && !life.revokedAt) {
    notices.push(
      <Alert key="delivery" tone="warning" title="Delivery unconfirmed">
        The page that issued this key never confirmed it showed the secret (the tab may have closed, or the connection
        dropped). Nobody may hold it: rotate the key if its owner needs it, or revoke it.
      </Alert>,
    );
  }
  if (life.delivery === "undelivered") {
    notices.push(
      <Alert key="undelivered" tone={life.revokedAt ? "info" : "warning"} title="Never delivered">
        The page that issued this key was closed or cancelled before the secret reached it, so nobody holds it.{" "}
        {life.revokedAt
          ? "Keyward revoked it on the vendor."
          : "Keyward could not revoke it on the vendor: retire it there by hand."}{" "}
        Its request was reopened, to be issued again.
      </Alert>,
    );
  }
  if (life.retireByHand) {
    notices.push(
      <Alert key="hand" tone="warning" title="Retire by hand">
        {life.retireByHandNote ?? "The vendor cannot revoke this key through its API. Retire it on the vendor."}
      </Alert>,
    );
  }
  if (life.replacedBy) {
    notices.push(
      <Alert key="replaced" tone="info" title="Rotated">
        Replaced by{" "}
        <Link href={`/keys/${life.replacedBy.id}`} className={linkClass}>
          {life.replacedBy.name}
        </Link>
        {life.retireAt ? (
          <>
            {" "}
            — this key will be revoked {formatWhen(life.retireAt)} ({formatRelative(life.retireAt)}).
          </>
        ) : (
          "."
        )}
      </Alert>,
    );
  }
  if (life.replaces.length) {
    notices.push(
      <Alert key="replaces" tone="info" title="Replacement">
        This key replaces{" "}
        {life.replaces.map((r, i) => (
          <span key={r.id}>
            {i ? ", " : ""}
            <Link href={`/keys/${r.id}`} className={linkClass}>
              {r.name}
            </Link>
          </span>
        ))}
        .
      </Alert>,
    );
  }
  if (openRotation) {
    notices.push(
      <Alert key="rotation" tone="info" title="Rotation under way">
        {openRotation.status === "pending"
          ? `A rotation requested by ${openRotation.requester} waits for an approval (see Approvals). This key keeps working until its replacement is issued.`
          : `A rotation was approved; ${openRotation.requester} issues the replacement from My requests. This key keeps working until then.`}
      </Alert>,
    );
  }
  if (life.reconcileNote)
    notices.push(
      <Alert key="drift" tone="warning" title="Reconciliation">
        {life.reconcileNote}
      </Alert>,
    );
  if (notices.length === 0) return null;
  return <div className="mt-6 space-y-3">{notices}</div>;
}
