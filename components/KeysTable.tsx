import Link from "next/link";
import type { InventoryKey } from "@/lib/keys/list-keys";
import { lastUsedText } from "./last-used-text";
import { defaultDirection, filterParams, type KeyListQuery, type KeySort } from "@/lib/keys/list-query";
import { adapterFor } from "@/lib/vendors/registry";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { linkClass } from "@/components/ui/styles";
import { formatRelative, formatWhen } from "@/components/ui/format";

/** A column header that sorts the list: the link flips the direction when the column is already the sort. */
function SortHeader({
  label,
  sort,
  query,
  width,
}: {
  label: string;
  sort: KeySort;
  query: KeyListQuery;
  width: string;
}) {
  const active = query.sort === sort;
  const dir = query.dir ?? defaultDirection(query.sort);
  const nextDir = active ? (dir === "asc" ? "desc" : "asc") : defaultDirection(sort);
  const href = `/keys?${filterParams(query, { sort: sort === "issued" ? undefined : sort, dir: nextDir === defaultDirection(sort) ? undefined : nextDir })}`;
  return (
    <th
      scope="col"
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
      className={`px-3 py-2 font-semibold ${width}`}
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

// At md and up one key per line: a fixed layout, each cell on one line, long text cut with its
// full value in a tooltip (and on the key's page). Below md each row is a card whose cells carry
// their column's name (data-label) before the value, so a phone never scrolls sideways.
const th = "px-3 py-2 font-semibold";
const td =
  "px-3 py-2 align-middle md:truncate max-md:block max-md:px-0 max-md:py-0.5 max-md:before:mr-2 max-md:before:text-xs max-md:before:font-medium max-md:before:text-slate-600 max-md:before:content-[attr(data-label)] dark:max-md:before:text-slate-400";
const muted = "text-slate-600 dark:text-slate-400";

/** The owner, and the approver only when someone else approved: most keys are approved by their owner's grant. */
function People({ k }: { k: InventoryKey }) {
  const other = k.approvedBy && k.approvedBy !== k.issuedBy ? k.approvedBy : null;
  const title = other
    ? `Owner ${k.issuedBy}; approved by ${other}`
    : `Owner ${k.issuedBy}${k.approvedBy ? " (approved it)" : ""}`;
  return (
    <span title={title}>
      {k.ownerless ? (
        <span className="mr-1" title="The owner is no longer a member of the team">
          <StatusBadge status="ownerless" />
        </span>
      ) : null}
      {k.issuedBy}
      {other ? <span className={muted}> · approved by {other}</span> : null}
    </span>
  );
}

/** The vendor's own last-use record, relative; where the vendor keeps none, that in a word (the key page says more). */
function LastUsed({ k }: { k: InventoryKey }) {
  const caps = adapterFor(k.vendor)?.capabilities;
  if (caps?.reportsLastUsed && k.lastUsedAt)
    return (
      <time dateTime={k.lastUsedAt} title={formatWhen(k.lastUsedAt)}>
        {formatRelative(k.lastUsedAt)}
      </time>
    );
  return (
    <span className={muted} title={lastUsedText(caps, k)}>
      {lastUsedText(caps, k, { short: true })}
    </span>
  );
}

const shortDate = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function KeysTable({ keys, query }: { keys: InventoryKey[]; query: KeyListQuery }) {
  return (
    <div className="rounded-lg border border-slate-200 md:overflow-x-auto dark:border-slate-800">
      <table className="w-full text-sm max-md:block md:table-fixed">
        <thead className="bg-slate-100 text-left max-md:hidden dark:bg-slate-900">
          <tr>
            <SortHeader label="Name" sort="name" query={query} width="w-[20%]" />
            <th scope="col" className={`${th} w-[16%]`}>
              Connection
            </th>
            <th scope="col" className={`${th} w-[19%]`}>
              Owner · approver
            </th>
            <SortHeader label="Issued" sort="issued" query={query} width="w-[9%]" />
            <SortHeader label="Expires" sort="expires" query={query} width="w-[10%]" />
            <th scope="col" className={`${th} w-[10%]`}>
              Last used
            </th>
            <th scope="col" className={`${th} w-[8%]`}>
              Status
            </th>
            <th scope="col" className={`${th} w-[8%]`}>
              Secret
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white max-md:block dark:divide-slate-800 dark:bg-slate-950">
          {keys.map((k) => {
            const vendor = adapterFor(k.vendor)?.capabilities.displayName ?? k.vendor;
            return (
              <tr key={k.id} className="max-md:grid max-md:grid-cols-2 max-md:gap-x-4 max-md:gap-y-1 max-md:p-4">
                <td
                  className={`${td} max-md:col-span-2 max-md:pb-1 max-md:font-semibold max-md:before:hidden`}
                  data-label="Name"
                >
                  <Link href={`/keys/${k.id}`} className={linkClass} title={k.name}>
                    {k.name}
                  </Link>
                </td>
                <td
                  className={`${td} max-md:col-span-2`}
                  data-label="Connection"
                  title={`${vendor} · ${k.connectionName}`}
                >
                  {k.connectionName} <span className={muted}>· {vendor}</span>
                </td>
                <td className={`${td} max-md:col-span-2`} data-label="Owner · approver">
                  <People k={k} />
                </td>
                <td className={td} data-label="Issued">
                  <time dateTime={k.issuedAt} title={`${formatWhen(k.issuedAt)} (${formatRelative(k.issuedAt)})`}>
                    {shortDate(k.issuedAt)}
                  </time>
                </td>
                <td className={td} data-label="Expires">
                  {k.expiresAt ? (
                    <time dateTime={k.expiresAt} title={formatWhen(k.expiresAt)}>
                      {formatRelative(k.expiresAt)}
                    </time>
                  ) : (
                    <span className={muted} title="No expiry of Keyward's own; the vendor's settings apply">
                      never
                    </span>
                  )}
                </td>
                <td className={td} data-label="Last used">
                  <LastUsed k={k} />
                </td>
                <td className={td} data-label="Status">
                  <StatusBadge status={k.status} />
                </td>
                <td className={td} data-label="Secret" title="The fingerprint is on the key's page">
                  <span className="font-mono text-xs">ends …{k.lastFour}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
