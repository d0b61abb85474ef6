"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { NotificationView } from "@/lib/requests/queries";
import { api } from "./api-client";
import { buttonClass, cardClass } from "./ui/styles";
import { formatWhen } from "./ui/format";

/**
 * The caller's newest unread notices (decisions on their requests, lapses), with how many are
 * unread in all and "Mark all read".
 */
export function NotificationList({ notices, unread: total }: { notices: NotificationView[]; unread: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const unread = notices.filter((n) => !n.read);
  if (unread.length === 0) return null;
  return (
    <section className={`${cardClass} mb-6 border-sky-300 dark:border-sky-800`} aria-labelledby="notices-h">
      <div className="mb-2 flex items-center justify-between gap-4">
        <h2 id="notices-h" className="font-semibold">
          Notifications <span className="font-normal text-slate-600 dark:text-slate-400">· {total} unread</span>
        </h2>
        <button
          type="button"
          disabled={busy}
          className={buttonClass.secondary}
          onClick={async () => {
            setBusy(true);
            await api("POST /api/notifications", {}).catch(() => undefined);
            setBusy(false);
            router.refresh();
          }}
        >
          Mark all read
        </button>
      </div>
      <ul className="space-y-1 text-sm">
        {unread.map((n) => (
          <li key={n.id}>
            {n.message} <span className="text-xs text-slate-600 dark:text-slate-400">{formatWhen(n.createdAt)}</span>
          </li>
        ))}
      </ul>
      {total > unread.length ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Showing the newest {unread.length} of {total}; &ldquo;Mark all read&rdquo; clears them all.
        </p>
      ) : null}
    </section>
  );
}
