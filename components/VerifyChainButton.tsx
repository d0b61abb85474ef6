"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { TeamChainReport } from "@/lib/audit/verify-report";
import { api, ApiError } from "./api-client";
import { Alert } from "./ui/Alert";
import { buttonClass } from "./ui/styles";
import { formatWhen } from "./ui/format";

type State =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; report: TeamChainReport }
  | { kind: "failed"; message: string };

/** Walks the whole hash chain on the server and shows the first break, if any. */
export function VerifyChainButton() {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });

  async function run() {
    setState({ kind: "running" });
    try {
      setState({ kind: "done", report: await api("POST /api/audit/verify", {}) });
    } catch (err) {
      setState({ kind: "failed", message: err instanceof ApiError ? err.message : "The verification could not run." });
    }
    router.refresh(); // the verification itself is an audit event
  }

  const report = state.kind === "done" ? state.report : null;
  return (
    <div className="space-y-3" aria-live="polite">
      <button type="button" onClick={run} disabled={state.kind === "running"} className={buttonClass.secondary}>
        {state.kind === "running" ? "Verifying…" : "Verify the chain"}
      </button>
      {report?.ok ? (
        <Alert tone="success" title="The chain is intact">
          {report.checked.toLocaleString("en-GB")} events verified: each one matches its hash and links to the one
          before it.
        </Alert>
      ) : null}
      {report && !report.ok ? (
        <Alert tone="error" title={`The chain is broken at event ${report.break.id}`}>
          <p>
            {report.break.at ? `Recorded ${formatWhen(report.break.at)}` : "Time unknown"}
            {report.break.action ? ` · ${report.break.action}` : " · an event of another team"}: {report.break.reason}.
          </p>
          <p className="mt-1">
            {report.checked.toLocaleString("en-GB")} events before it verified. Tell whoever runs the database; run{" "}
            <code>npm run audit:verify</code> for the details.
          </p>
        </Alert>
      ) : null}
      {state.kind === "failed" ? (
        <Alert tone="error" title="Verification failed">
          {state.message}
        </Alert>
      ) : null}
    </div>
  );
}
