import Link from "next/link";
import type { AuditEventView } from "@/lib/audit/queries";
import { actionLabel, auditTargetHref } from "@/lib/audit/action-labels";
import { linkClass } from "./ui/styles";
import { StatusBadge } from "./ui/StatusBadge";
import { formatWhen } from "./ui/format";

function summary(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
}

/** The audit events of one page; each row's full detail, ids and hashes open on demand. */
export function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="table-cards min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead className="bg-slate-100 text-left dark:bg-slate-900">
          <tr>
            {["Time", "Actor", "Action", "Target", "Outcome", "Details"].map((h) => (
              <th key={h} scope="col" className="px-4 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
          {events.map((e) => (
            <tr key={e.id} data-event-id={e.id} className="align-top">
              <td data-label="Time" className="whitespace-nowrap px-4 py-2 text-xs">
                {formatWhen(e.at)}
              </td>
              <td data-label="Actor" className="px-4 py-2">
                {e.actorEmail ?? "—"}
              </td>
              <td data-label="Action" className="px-4 py-2">
                {actionLabel(e.action)}{" "}
                <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{e.action}</span>
              </td>
              <td data-label="Target" className="px-4 py-2 font-mono text-xs" title={e.targetId ?? undefined}>
                <AuditTarget type={e.targetType} id={e.targetId} />
              </td>
              <td data-label="Outcome" className="px-4 py-2">
                <StatusBadge status={e.outcome} />
              </td>
              <td
                data-label="Details"
                className="min-w-64 max-w-md break-words px-4 py-2 text-xs text-slate-600 dark:text-slate-400"
              >
                <p>{summary(e.detail)}</p>
                <details className="mt-1">
                  <summary className="cursor-pointer font-medium text-sky-700 dark:text-sky-400">Event {e.id}</summary>
                  <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 font-mono text-slate-800 dark:text-slate-200">
                    <dt>time</dt>
                    <dd>{e.at}</dd>
                    <dt>actor id</dt>
                    <dd className="break-all">{e.actorId ?? "—"}</dd>
                    <dt>target</dt>
                    <dd className="break-all">{e.targetType ? `${e.targetType} ${e.targetId}` : "—"}</dd>
                    <dt>hash</dt>
                    <dd className="break-all">{e.hash}</dd>
                    <dt>previous</dt>
                    <dd className="break-all">{e.prevHash}</dd>
                  </dl>
                  <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-2 text-slate-800 dark:bg-slate-900 dark:text-slate-200">
                    {JSON.stringify(e.detail, null, 2)}
                  </pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The event's target, linked to where the console shows it (a key's page, a connection's, the team). */
function AuditTarget({ type, id }: { type: string | null; id: string | null }) {
  if (!type) return <>—</>;
  const text = `${type}:${id?.slice(0, 8) ?? ""}`;
  const href = auditTargetHref(type, id);
  return href ? (
    <Link href={href} className={linkClass} aria-label={`${type} ${id}`}>
      {text}
    </Link>
  ) : (
    <>{text}</>
  );
}
