"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { EVENT_INFO, isNotifyEvent } from "@/lib/notify/events";
import type { WebhookView } from "@/lib/notify/webhooks";
import { WEBHOOK_FORMAT_LABELS } from "@/lib/notify/webhook-formats";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { ConfirmDialog } from "../ConfirmDialog";
import { buttonClass } from "../ui/styles";

function WebhookItem({ webhook, canManage }: { webhook: WebhookView; canManage: boolean }) {
  const router = useRouter();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const test = useMutation(
    async () => {
      setResult(null);
      const res = await api("POST /api/webhooks/:id/test", { params: { id: webhook.id } });
      setResult(res.result);
      router.refresh();
    },
    { fallback: "The test was not sent." },
  );
  const remove = useMutation(
    async () => {
      await api("DELETE /api/webhooks/:id", { params: { id: webhook.id } });
      setConfirming(false);
      router.refresh();
    },
    { fallback: "The endpoint was not removed." },
  );
  return (
    <li className="space-y-2 py-3" data-testid="webhook">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{webhook.name}</p>
          <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{webhook.url}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {WEBHOOK_FORMAT_LABELS[webhook.format]} ·{" "}
            {webhook.events.map((e) => (isNotifyEvent(e) ? EVENT_INFO[e].label : e)).join(" · ")}
            {webhook.allowHttp ? " · plain http allowed" : ""}
            {webhook.allowPrivate ? " · private addresses allowed" : ""}
          </p>
        </div>
        {canManage ? (
          <div className="flex gap-2">
            <button
              type="button"
              className={buttonClass.secondary}
              disabled={test.busy}
              onClick={() => void test.run()}
            >
              {test.busy ? "Sending…" : "Send test"}
            </button>
            <button type="button" className={buttonClass.secondary} onClick={() => setConfirming(true)}>
              Remove
            </button>
          </div>
        ) : null}
      </div>
      {test.error ? <Alert tone="error">{test.error}</Alert> : null}
      {result ? <Alert tone={result.ok ? "success" : "warning"}>{result.message}</Alert> : null}
      <ConfirmDialog
        open={confirming}
        title={`Remove “${webhook.name}”?`}
        confirmLabel="Remove endpoint"
        danger
        busy={remove.busy}
        onConfirm={() => void remove.run()}
        onCancel={() => setConfirming(false)}
      >
        Deliveries still waiting for it are dropped. {remove.error}
      </ConfirmDialog>
    </li>
  );
}

export function WebhookList({ webhooks, canManage }: { webhooks: WebhookView[]; canManage: boolean }) {
  if (!webhooks.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No endpoints yet.</p>;
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {webhooks.map((w) => (
        <WebhookItem key={w.id} webhook={w} canManage={canManage} />
      ))}
    </ul>
  );
}
