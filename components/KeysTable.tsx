import Link from "next/link";
import type { InventoryKey } from "@/lib/keys/list-keys";
import { lastUsedText } from "./last-used-text";
import { defaultDirection, filterParams, type KeyListQuery, type KeySort } from "@/lib/keys/list-query";
import { adapterFor } from "@/lib/vendors/registry";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { linkClass } from "@/components/ui/styles";
import { formatRelative, formatWhen } from "@/components/ui/format";

/** A column header that sorts the list: the link flips the direction when the column is already the sort. */
function SortHeader({ label, sort, query }: { label: string; sort: KeySort; query: KeyListQuery }) {
  const active = query.sort === sort;
  const dir = query.dir ?? defaultDirection(query.sort);
  const nextDir = active ? (dir === "asc" ? "desc" : "asc") : defaultDirection(sort);
  const href = `/keys?${filterParams(query, { sort: sort === "issued" ? undefined : sort, dir: nextDir === defaultDirection(sort) ? undefined : nextDir })}`;
  return (
    <th
      scope="col"
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
      className="px-3 py-2 font-semibold"
    >
      <Link href={href} className="inline-flex items-center gap-1 hover:underline">
        {label}
        <span aria-hidden="true" className="text-xs text-slate-500">
          {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
        <span className="sr-only">
          {active
            ? `, sorted ${dir === "asc" ? "ascending" : "descending"}; sort ${nextDir === "asc" ? "ascending" : "descending"}`
            : ", sort"}
        </span>
      </Link>
    </th>
  );
}

const th = "px-3 py-2 font-semibold";
const td = "px-3 py-2 align-top";

export function KeysTable({ keys, query }: { keys: InventoryKey[]; query: KeyListQuery }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead className="bg-slate-100 text-left dark:bg-slate-900">
          <tr>
            <SortHeader label="Name" sort="name" query={query} />
            <th scope="col" className={th}>
              Vendor
            </th>
            <th scope="col" className={th}>
              Connection
            </th>
            <th scope="col" className={th}>
              Owner
            </th>
            <th scope="col" className={th}>
              Approver
            </th>
            <SortHeader label="Issued" sort="issued" query={query} />
            <SortHeader label="Expires" sort="expires" query={query} />
            <th scope="col" className={th}>
              Last used
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={th}>
              Fingerprint
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
          {keys.map((k) => (
            <tr key={k.id}>
              <td className={td}>
                <Link href={`/keys/${k.id}`} className={linkClass}>
                  {k.name}
                </Link>
              </td>
              <td className={td}>{adapterFor(k.vendor)?.capabilities.displayName ?? k.vendor}</td>
              <td className={td}>{k.connectionName}</td>
              <td className={td}>
                <span className="block">{k.issuedBy}</span>
                {k.ownerless ? (
                  <span title="The owner is no longer a member of the team">
                    <StatusBadge status="ownerless" />
                  </span>
                ) : null}
              </td>
              <td className={td}>{k.approvedBy ?? <span className="text-slate-500">—</span>}</td>
              <td className={td}>
                <span className="block">{formatRelative(k.issuedAt)}</span>
                <span className="block text-xs text-slate-500 dark:text-slate-400">{formatWhen(k.issuedAt)}</span>
              </td>
              <td className={td}>
                {k.expiresAt ? (
                  <>
                    <span className="block">{formatRelative(k.expiresAt)}</span>
                    <span className="block text-xs text-slate-500 dark:text-slate-400">{formatWhen(k.expiresAt)}</span>
                  </>
                ) : (
                  <span className="text-slate-500 dark:text-slate-400">never / vendor setting</span>
                )}
              </td>
              <td className={`${td} text-xs`}>
                {lastUsedText(adapterFor(k.vendor)?.capabilities, k, { short: true })}
              </td>
              <td className={td}>
                <StatusBadge status={k.status} />
              </td>
              <td className={td}>
                <code className="block font-mono text-xs" title={`SHA-256 ${k.fingerprint}`}>
                  {k.fingerprint.slice(0, 12)}…
                </code>
                <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">ends …{k.lastFour}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
