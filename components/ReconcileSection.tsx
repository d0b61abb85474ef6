"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { UnmanagedKeyView } from "@/lib/keys/lifecycle/unmanaged";
import { api, ApiError } from "./api-client";
import { Alert } from "./ui/Alert";
import { StatusBadge } from "./ui/StatusBadge";
import { buttonClass, cardClass } from "./ui/styles";
import { formatWhen } from "./ui/format";

interface Props {
  connectionId: string;
  unmanaged: UnmanagedKeyView[];
  /** Whether the caller may reconcile and adopt (key.manage). */
  canManage: boolean;
}

type Notice = { tone: "success" | "error" | "warning"; title: string; lines: string[] } | null;

/** "Reconcile now" and the keys found on the vendor that Keyward did not issue, with Adopt. */
export function ReconcileSection({ connectionId, unmanaged, canManage }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  async function reconcile() {
    setBusy("reconcile");
    setNotice(null);
    try {
      const { summary } = await api("POST /api/connections/:id/reconcile", { params: { id: connectionId } });
      setNotice({
        tone: summary.changed.length ? "warning" : "success",
        title: `Reconciled: ${summary.seen} key${summary.seen === 1 ? "" : "s"} on the vendor, ${summary.changed.length} changed, ${summary.unmanaged} unmanaged`,
        lines: summary.changed.map((c) => `${c.name}: ${c.from} → ${c.to}. ${c.note}`),
      });
    } catch (err) {
      setNotice({
        tone: "error",
        title: "Reconciliation failed; nothing was changed",
        lines: [err instanceof ApiError ? err.message : "Something went wrong."],
      });
    } finally {
      setBusy(null);
      router.refresh();
    }
  }

  async function adopt(id: string) {
    setBusy(id);
    try {
      const { keyId } = await api("POST /api/unmanaged/:id/adopt", { params: { id } });
      router.push(`/keys/${keyId}`);
    } catch (err) {
      setNotice({
        tone: "error",
        title: "Could not adopt the key",
        lines: [err instanceof ApiError ? err.message : "Something went wrong."],
      });
      setBusy(null);
    }
  }

  return (
    <section className={`${cardClass} mt-6 space-y-4`} aria-labelledby="reconcile-h">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="reconcile-h" className="font-semibold">
          Reconciliation
        </h2>
        {canManage ? (
          <button type="button" onClick={reconcile} disabled={busy !== null} className={buttonClass.secondary}>
            {busy === "reconcile" ? "Reconciling…" : "Reconcile now"}
          </button>
        ) : null}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Compares the vendor's keys with Keyward's inventory: keys deleted or deactivated outside Keyward are marked,
        keys created outside it are listed below.
      </p>
      <div aria-live="polite">
        {notice ? (
          <Alert tone={notice.tone} title={notice.title}>
            {notice.lines.length ? (
              <ul className="list-disc pl-5">
                {notice.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
      </div>
      <h3 className="text-sm font-semibold">Unmanaged keys</h3>
      {unmanaged.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          None: every key the last reconciliation found on the vendor is in Keyward's inventory.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-slate-600 dark:text-slate-400">
            <tr>
              <th className="py-1 pr-3 font-medium">Name</th>
              <th className="py-1 pr-3 font-medium">Vendor key ID</th>
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 pr-3 font-medium">Last seen</th>
              <th className="py-1">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {unmanaged.map((u) => (
              <tr key={u.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-2 pr-3">{u.name}</td>
                <td className="py-2 pr-3 font-mono text-xs">{u.vendorKeyId}</td>
                <td className="py-2 pr-3">
                  <StatusBadge status={u.active ? "active" : "inactive"} />
                </td>
                <td className="py-2 pr-3">{formatWhen(u.lastSeenAt)}</td>
                <td className="py-2 text-right">
                  {canManage ? (
                    <button
                      type="button"
                      onClick={() => adopt(u.id)}
                      disabled={busy !== null}
                      className={buttonClass.secondary}
                      aria-label={`Adopt ${u.name}`}
                    >
                      {busy === u.id ? "Adopting…" : "Adopt"}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
