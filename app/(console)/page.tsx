import Link from "next/link";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listConnectionRows } from "@/lib/connections/queries";
import { listKeyPage } from "@/lib/keys/list-keys";
import { parseKeyListQuery } from "@/lib/keys/list-query";
import { keysDashboard, pendingRequestCount } from "@/lib/keys/dashboard";
import { listAuditEvents } from "@/lib/audit/queries";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { buttonClass, cardClass, linkClass } from "@/components/ui/styles";
import { formatRelative } from "@/components/ui/format";
import { DashboardStats, KeysPerVendor } from "@/components/DashboardInventory";
import { UndeliveredAttempts } from "@/components/UndeliveredAttempts";
import { listUndeliveredAttempts } from "@/lib/issuance/retired-by-hand";
import { actionLabel } from "@/lib/audit/action-labels";

export default async function DashboardPage() {
  const { db, actor, viewer, teamName } = await pageContext("team.read");
  const role = actor.team.role;
  // Members see their own keys and requests; admins and auditors the team's.
  const readsAllRequests = can(role, "request.read.all");
  const [connections, recent, events, stats, pending, undelivered] = await Promise.all([
    listConnectionRows(db, actor.team.id),
    listKeyPage(db, actor.team.id, viewer, parseKeyListQuery({ limit: "5" })),
    can(role, "audit.read") ? listAuditEvents(db, actor.team.id, { limit: 6 }) : Promise.resolve([]),
    keysDashboard(db, actor.team.id, viewer),
    can(role, "request.read.all") || can(role, "request.create")
      ? pendingRequestCount(db, actor.team.id, readsAllRequests ? null : actor.user.id)
      : Promise.resolve(null),
    viewer.seesAll ? listUndeliveredAttempts(db, actor.team.id) : Promise.resolve([]),
  ]);
  const keys = recent.keys;
  const canManage = can(role, "connection.manage");
  // Admins issue in one step; members ask (their requests wait for an admin, then they issue).
  const newKey = can(role, "key.issue") ? (
    <Link href="/keys/new" className={buttonClass.primary}>
      Issue a key
    </Link>
  ) : can(role, "request.create") ? (
    <Link href="/requests/new" className={buttonClass.primary}>
      Request a key
    </Link>
  ) : undefined;

  if (connections.length === 0) {
    return (
      <>
        <PageHeader
          title="Dashboard"
          description={`You are ${role === "admin" ? "an admin" : `a ${role}`} of ${teamName}.`}
        />
        {canManage ? (
          <EmptyState
            title="Connect your first vendor"
            action={
              <Link href="/connections/new" className={buttonClass.primary}>
                Add a connection
              </Link>
            }
          >
            <ol className="mt-2 list-decimal space-y-1 text-left">
              <li>
                Add a connection: the vendor&apos;s base URL, an API administrator account, and how to trust its
                certificate.
              </li>
              <li>Test it: Keyward runs the vendor&apos;s own verification call and shows what answered.</li>
              <li>Issue a key: the secret is shown to you once, then only its fingerprint is kept.</li>
            </ol>
          </EmptyState>
        ) : (
          <EmptyState title="No vendor connected yet">
            Your team&apos;s admins connect vendors. Once they have,{" "}
            {can(role, "request.create")
              ? "you can request a key here: an admin approves it, then you issue it yourself and see its secret once."
              : "the team's keys and requests will be listed here for you to review."}
          </EmptyState>
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`${teamName} · ${connections.length} connection${connections.length === 1 ? "" : "s"}`}
        actions={newKey}
      />
      <UndeliveredAttempts attempts={undelivered} canConfirm={can(role, "key.manage")} />
      <DashboardStats
        stats={stats}
        pending={pending}
        pendingLabel={readsAllRequests ? "Requests awaiting approval" : "Your requests awaiting approval"}
      />
      <div className="grid gap-6 *:min-w-0 md:grid-cols-2">
        <section className={cardClass} aria-labelledby="recent-keys">
          <h2 id="recent-keys" className="mb-3 font-semibold">
            Recent keys
          </h2>
          {keys.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {can(role, "key.issue") ? (
                "No keys issued yet. Issue one on any of your connections."
              ) : can(role, "request.create") ? (
                <>
                  No keys yet.{" "}
                  <Link href="/requests/new" className={linkClass}>
                    Request a key
                  </Link>
                  : once an admin approves it, you issue it from{" "}
                  <Link href="/requests" className={linkClass}>
                    My requests
                  </Link>
                  .
                </>
              ) : (
                "No keys issued yet."
              )}
            </p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800">
              {keys.map((k) => (
                <li key={k.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <Link href={`/keys/${k.id}`} className={linkClass}>
                    {k.name}
                  </Link>
                  <span className="text-slate-500 dark:text-slate-400">
                    {k.connectionName} · {formatRelative(k.issuedAt)}
                  </span>
                  <StatusBadge status={k.status} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <KeysPerVendor perVendor={stats.perVendor} />
        {can(role, "audit.read") ? (
          <section className={cardClass} aria-labelledby="recent-activity">
            <h2 id="recent-activity" className="mb-3 font-semibold">
              Recent activity
            </h2>
            <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
              {events.map((e) => (
                <li key={e.id} className="flex items-center justify-between gap-2 py-2">
                  <span title={e.action}>{actionLabel(e.action)}</span>
                  <span className="truncate text-slate-500 dark:text-slate-400">
                    {e.actorEmail ?? "—"} · {formatRelative(e.at)}
                  </span>
                  <StatusBadge status={e.outcome} />
                </li>
              ))}
            </ul>
            <Link href="/audit" className={`${linkClass} mt-3 inline-block text-sm`}>
              Open the audit log
            </Link>
          </section>
        ) : null}
      </div>
    </>
  );
}
