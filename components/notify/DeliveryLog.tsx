import { EVENT_INFO, isNotifyEvent } from "@/lib/notify/events";
import { StatusBadge } from "../ui/StatusBadge";
import { formatWhen } from "../ui/format";

export interface DeliveryRow {
  id: string;
  createdAt: string;
  event: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  nextAttemptAt: string;
}

const eventLabel = (event: string) => (isNotifyEvent(event) ? EVENT_INFO[event].label : event);

/** What left (or is waiting to leave) the console: e-mails and webhooks, with their attempts and last error. */
export function DeliveryLog({ rows }: { rows: DeliveryRow[] }) {
  if (!rows.length) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing has been sent yet.</p>;
  return (
    // Focusable, so a keyboard can scroll the table sideways on a phone.
    <div
      className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800"
      tabIndex={0}
      role="region"
      aria-label="Deliveries"
    >
      <table className="w-full min-w-[48rem] divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead className="bg-slate-100 text-left dark:bg-slate-900">
          <tr>
            {["Queued", "Event", "To", "Status", "Attempts", "Last answer"].map((h) => (
              <th key={h} scope="col" className="px-4 py-2 font-semibold whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="px-4 py-2 text-xs whitespace-nowrap">{formatWhen(r.createdAt)}</td>
              <td className="px-4 py-2">{eventLabel(r.event)}</td>
              <td className="min-w-56 px-4 py-2 break-all">
                <span className="text-xs text-slate-500 dark:text-slate-400">{r.channel} · </span>
                {r.recipient}
              </td>
              <td className="px-4 py-2">
                <StatusBadge status={r.status} />
              </td>
              <td className="px-4 py-2 tabular-nums">{r.attempts}</td>
              <td className="max-w-md min-w-48 px-4 py-2 text-xs break-words text-slate-600 dark:text-slate-400">
                {r.status === "held"
                  ? "Not sent: no mail server is configured."
                  : r.lastError
                    ? `${r.lastStatusCode ? `HTTP ${r.lastStatusCode}: ` : ""}${r.lastError}${r.status === "pending" ? ` — next try ${formatWhen(r.nextAttemptAt)}` : ""}`
                    : r.lastStatusCode
                      ? `HTTP ${r.lastStatusCode}`
                      : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
