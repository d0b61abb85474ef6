import Link from "next/link";
import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { listAuditEvents } from "@/lib/audit/queries";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { buttonClass } from "@/components/ui/styles";
import { formatWhen } from "@/components/ui/format";

export const metadata: Metadata = { title: "Audit log" };
const PAGE = 50;

function summary(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const caller = await requirePagePermission("audit.read");
  const before = Number((await searchParams).before) || undefined;
  const events = await listAuditEvents(await getDb(), caller.team.id, { before, limit: PAGE });
  const next = events.length === PAGE ? events[events.length - 1]!.id : null;
  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in, connection change and key issued, newest first. Each event carries the hash of the one before it." />
      {events.length === 0 ? (
        <EmptyState title="No events">{before ? "There are no older events." : "Nothing has happened in this team yet."}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <thead className="bg-slate-100 text-left dark:bg-slate-900">
              <tr>
                {["Time", "Actor", "Action", "Target", "Outcome", "Details"].map((h) => (
                  <th key={h} scope="col" className="px-4 py-2 font-semibold">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-2 text-xs">{formatWhen(e.at)}</td>
                  <td className="px-4 py-2">{e.actorEmail ?? "—"}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.targetType ? `${e.targetType}:${e.targetId?.slice(0, 8)}` : "—"}</td>
                  <td className="px-4 py-2"><StatusBadge status={e.outcome} /></td>
                  <td className="min-w-64 max-w-sm break-words px-4 py-2 text-xs text-slate-600 dark:text-slate-400">{summary(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? <div className="mt-4"><Link href={`/audit?before=${next}`} className={buttonClass.secondary}>Older events</Link></div> : null}
    </>
  );
}
