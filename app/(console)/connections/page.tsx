import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listConnectionRows } from "@/lib/connections/queries";
import { adapterFor } from "@/lib/vendors/registry";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { formatRelative } from "@/components/ui/format";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  const { db, actor } = await pageContext("connection.read");
  const rows = await listConnectionRows(db, actor.team.id);
  const canManage = can(actor.team.role, "connection.manage");
  const add = canManage ? (
    <Link href="/connections/new" className={buttonClass.primary}>
      Add a connection
    </Link>
  ) : undefined;
  return (
    <>
      <PageHeader
        title="Connections"
        description="Vendor instances this team issues keys on. Credentials stay on the server, encrypted."
        actions={rows.length ? add : undefined}
      />
      {rows.length === 0 ? (
        <EmptyState title="No connections yet" action={add}>
          A connection holds a vendor&apos;s base URL, the API account Keyward uses, and how to trust its TLS
          certificate.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <thead className="bg-slate-100 text-left dark:bg-slate-900">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Name
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Vendor
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Base URL
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Last test
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
              {rows.map((c) => (
                <tr key={c.id}>
                  <td className="px-4 py-2">
                    <Link href={`/connections/${c.id}`} className={linkClass}>
                      {c.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{adapterFor(c.vendor)?.capabilities.displayName ?? c.vendor}</td>
                  <td className="px-4 py-2 font-mono text-xs">{c.baseUrl}</td>
                  <td className="px-4 py-2">
                    {c.lastTestAt ? (
                      <span className="flex items-center gap-2">
                        <StatusBadge status={c.lastTestOk ? "success" : "failure"} />{" "}
                        {formatRelative(c.lastTestAt.toISOString())}
                      </span>
                    ) : (
                      <span className="text-slate-500">never tested</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
