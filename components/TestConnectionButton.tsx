"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { ConnectionTestResult } from "@/lib/vendors/types";
import { api, ApiError } from "./api-client";
import { Alert } from "./ui/Alert";
import { buttonClass } from "./ui/styles";

type State =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "ok"; result: ConnectionTestResult }
  | { kind: "failed"; message: string };

export function TestConnectionButton({ connectionId }: { connectionId: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });

  async function run() {
    setState({ kind: "running" });
    try {
      const { result } = await api("POST /api/connections/:id/test", { params: { id: connectionId } });
      setState({ kind: "ok", result });
    } catch (err) {
      setState({ kind: "failed", message: err instanceof ApiError ? err.message : "The test failed." });
    }
    router.refresh();
  }

  return (
    <div className="space-y-3" aria-live="polite">
      <button type="button" onClick={run} disabled={state.kind === "running"} className={buttonClass.secondary}>
        {state.kind === "running" ? "Testing…" : "Test connection"}
      </button>
      {state.kind === "ok" ? (
        <Alert tone="success" title="Connection works">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            {state.result.facts.map((f) => (
              <div key={f.label} className="contents">
                <dt className="font-medium">{f.label}</dt>
                <dd className="font-mono">{f.value}</dd>
              </div>
            ))}
          </dl>
        </Alert>
      ) : null}
      {state.kind === "failed" ? (
        <Alert tone="error" title="Connection test failed">
          {state.message}
        </Alert>
      ) : null}
    </div>
  );
}
