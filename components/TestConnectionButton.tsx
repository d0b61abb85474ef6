"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { ConnectionTestResult } from "@/lib/vendors/types";
import { api, ApiError } from "./api-client";
import { ConfirmDialog } from "./ConfirmDialog";
import { Alert } from "./ui/Alert";
import { buttonClass } from "./ui/styles";

type State =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "ok"; result: ConnectionTestResult }
  | { kind: "failed"; message: string };

interface Props {
  connectionId: string;
  /** Set where testing makes the vendor create a key (capabilities.testCreatesKey): confirmed first. */
  createsKey?: string;
}

export function TestConnectionButton({ connectionId, createsKey }: Props) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const [confirming, setConfirming] = useState(false);

  async function run() {
    setConfirming(false);
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
      <button
        type="button"
        onClick={createsKey ? () => setConfirming(true) : run}
        disabled={state.kind === "running"}
        className={buttonClass.secondary}
      >
        {state.kind === "running" ? "Testing…" : "Test connection"}
      </button>
      {createsKey ? (
        <ConfirmDialog
          open={confirming}
          title="Test by logging in?"
          confirmLabel="Log in and test"
          onCancel={() => setConfirming(false)}
          onConfirm={run}
        >
          <p>{createsKey}</p>
        </ConfirmDialog>
      ) : null}
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
