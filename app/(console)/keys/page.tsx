import Link from "next/link";
import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listKeys } from "@/lib/keys/queries";
import { adapterFor } from "@/lib/vendors/registry";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { formatRelative, formatWhen } from "@/components/ui/format";

export const metadata: Metadata = { title: "Keys" };

export default async function KeysPage() {
  const caller = await requirePagePermission("key.read");
  const keys = await listKeys(await getDb(), caller.team.id);
  const issue = can(caller.team.role, "key.issue") ? <Link href="/keys/new" className={buttonClass.primary}>Issue a key</Link> : undefined;
  return (
    <>
      <PageHeader title="Keys" description="Every key issued through Keyward. Secrets are never stored; fingerprints and last four characters identify them." actions={keys.length ? issue : undefined} />
      {keys.length === 0 ? (
        <EmptyState title="No keys yet" action={issue}>Issue a key on one of your connections; it will be listed here with who issued it and when.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <thead className="bg-slate-100 text-left dark:bg-slate-900">
              <tr>
                {["Name", "Connection", "Vendor", "Issued by", "Issued", "Expires", "Status"].map((h) => (
                  <th key={h} scope="col" className="px-4 py-2 font-semibold">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
              {keys.map((k) => (
                <tr key={k.id}>
                  <td className="px-4 py-2"><Link href={`/keys/${k.id}`} className={linkClass}>{k.name}</Link><span className="block font-mono text-xs text-slate-500">…{k.lastFour}</span></td>
                  <td className="px-4 py-2">{k.connectionName}</td>
                  <td className="px-4 py-2">{adapterFor(k.vendor)?.capabilities.displayName ?? k.vendor}</td>
                  <td className="px-4 py-2">{k.issuedBy}</td>
                  <td className="px-4 py-2" title={formatWhen(k.issuedAt)}>{formatRelative(k.issuedAt)}</td>
                  <td className="px-4 py-2" title={formatWhen(k.expiresAt)}>{k.expiresAt ? formatRelative(k.expiresAt) : "vendor setting"}</td>
                  <td className="px-4 py-2"><StatusBadge status={k.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
