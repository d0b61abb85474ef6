"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { StreamView } from "@/lib/audit/stream/streams";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { ConfirmDialog } from "../ConfirmDialog";
import { buttonClass } from "../ui/styles";
import { formatWhen } from "../ui/format";

const KIND_LABEL: Record<StreamView["kind"], string> = { syslog: "syslog (TLS)", http: "HTTPS JSON lines" };

function StreamItem({ stream, canManage }: { stream: StreamView; canManage: boolean }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    async () => {
      await api("DELETE /api/audit-streams/:id", { params: { id: stream.id } });
      setConfirming(false);
      router.refresh();
    },
    { fallback: "The stream was not removed." },
  );
  return (
    <li className="space-y-1 py-3" data-testid="audit-stream">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">
            {stream.name}{" "}
            <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700 dark:bg-slate-800 dark:text-slate-300">
              {KIND_LABEL[stream.kind]}
            </span>
          </p>
          <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{stream.target}</p>
          {stream.kind === "http" ? (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              {stream.hasAuthorization ? "Sends an Authorization header (stored encrypted)" : "No Authorization header"}
            </p>
          ) : null}
        </div>
        {canManage ? (
          <button type="button" className={buttonClass.secondary} onClick={() => setConfirming(true)}>
            Remove
          </button>
        ) : null}
      </div>
      <p className="text-sm">
        {stream.lag === 0 ? "Up to date" : `${stream.lag} event${stream.lag === 1 ? "" : "s"} behind`}
        {stream.lastSentAt ? ` · last sent ${formatWhen(stream.lastSentAt)}` : " · nothing sent yet"}
      </p>
      {stream.lastError ? (
        <p className="text-sm text-rose-700 dark:text-rose-400">
          Last error ({formatWhen(stream.lastErrorAt)}): {stream.lastError} — retried every 10 seconds.
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Stop streaming to “${stream.name}”?`}
        confirmLabel="Remove stream"
        danger
        busy={remove.busy}
        onConfirm={() => void remove.run()}
        onCancel={() => setConfirming(false)}
      >
        Events not yet sent will not reach it. {remove.error}
      </ConfirmDialog>
    </li>
  );
}

export function AuditStreamList({ streams, canManage }: { streams: StreamView[]; canManage: boolean }) {
  if (!streams.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No streams yet.</p>;
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {streams.map((s) => (
        <StreamItem key={s.id} stream={s} canManage={canManage} />
      ))}
    </ul>
  );
}
