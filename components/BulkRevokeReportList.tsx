import type { BulkRevokeReport, BulkRevokeResult } from "@/lib/keys/lifecycle/bulk-revoke-report";
import { Alert } from "./ui/Alert";

const OUTCOME_LABELS: Record<BulkRevokeReport["outcome"], string> = {
  revoked: "revoked",
  retire_by_hand: "retire by hand",
  failed: "failed",
  skipped: "skipped",
};

const OUTCOME_TONES: Record<BulkRevokeReport["outcome"], string> = {
  revoked: "text-emerald-800 dark:text-emerald-300",
  retire_by_hand: "text-amber-800 dark:text-amber-300",
  failed: "text-rose-800 dark:text-rose-300",
  skipped: "text-slate-600 dark:text-slate-400",
};

/** What a bulk revoke did, key by key: revoked, marked "retire by hand", failed (with why) or skipped. */
export function BulkRevokeReportList({ result }: { result: BulkRevokeResult }) {
  const problems = result.failed + result.retireByHand;
  return (
    <>
      <Alert tone={problems ? "warning" : "success"}>
        {result.revoked} revoked · {result.retireByHand} to retire by hand · {result.failed} failed · {result.skipped}{" "}
        skipped (changed since the preview).
        {result.failed ? " Failed keys are still live: retry them from their pages." : ""}
      </Alert>
      <ul className="max-h-64 space-y-1 overflow-y-auto" aria-label="What happened to each key">
        {result.keys.map((k) => (
          <li key={k.id}>
            <a href={`/keys/${k.id}`} className="font-medium underline-offset-2 hover:underline">
              {k.name ?? k.id}
            </a>
            {": "}
            <span className={`font-semibold ${OUTCOME_TONES[k.outcome]}`}>{OUTCOME_LABELS[k.outcome]}</span>
            {k.message ? <span className="block text-xs text-slate-600 dark:text-slate-400">{k.message}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
