import Link from "next/link";
import { DEFAULT_KEY_PAGE_SIZE, KEY_STATUSES, type KeyListQuery } from "@/lib/keys/list-query";
import type { InventoryOptions } from "@/lib/keys/inventory-options";
import { adapterFor } from "@/lib/vendors/registry";
import { buttonClass, inputClass } from "@/components/ui/styles";

const EXPIRY_WINDOWS = [7, 30, 90];

/**
 * The inventory's filter bar: a plain GET form, so every filtered view is a URL one can bookmark
 * or send, and it works before any script loads. The current sort and page size ride along in hidden fields.
 */
export function KeyFilters({ query, options }: { query: KeyListQuery; options: InventoryOptions }) {
  const vendors = [...new Set(options.connections.map((c) => c.vendor))].sort();
  const label = "block text-xs font-medium text-slate-700 dark:text-slate-300";
  return (
    <form
      method="get"
      action="/keys"
      role="search"
      aria-label="Filter keys"
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="space-y-1 lg:col-span-2">
        <label htmlFor="f-q" className={label}>
          Name starts with
        </label>
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={query.q ?? ""}
          className={inputClass}
          placeholder="e.g. ci-"
          autoComplete="off"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="f-vendor" className={label}>
          Vendor
        </label>
        <select id="f-vendor" name="vendor" defaultValue={query.vendor ?? ""} className={inputClass}>
          <option value="">All vendors</option>
          {vendors.map((v) => (
            <option key={v} value={v}>
              {adapterFor(v)?.capabilities.displayName ?? v}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="f-connection" className={label}>
          Connection
        </label>
        <select id="f-connection" name="connectionId" defaultValue={query.connectionId ?? ""} className={inputClass}>
          <option value="">All connections</option>
          {options.connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {options.owners.length ? (
        <div className="space-y-1">
          <label htmlFor="f-owner" className={label}>
            Owner
          </label>
          <select id="f-owner" name="ownerId" defaultValue={query.ownerId ?? ""} className={inputClass}>
            <option value="">Everyone</option>
            {options.owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.email}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="space-y-1">
        <label htmlFor="f-status" className={label}>
          Status
        </label>
        <select id="f-status" name="status" defaultValue={query.status ?? ""} className={inputClass}>
          <option value="">Any status</option>
          {KEY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="f-expiring" className={label}>
          Expiring within
        </label>
        <select
          id="f-expiring"
          name="expiringWithinDays"
          defaultValue={query.expiringWithinDays?.toString() ?? ""}
          className={inputClass}
        >
          <option value="">Any time</option>
          {[...new Set([...EXPIRY_WINDOWS, ...(query.expiringWithinDays ? [query.expiringWithinDays] : [])])]
            .sort((a, b) => a - b)
            .map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="f-issued-before" className={label}>
          Issued before
        </label>
        <input
          id="f-issued-before"
          name="issuedBefore"
          type="date"
          defaultValue={query.issuedBefore ?? ""}
          className={inputClass}
        />
      </div>
      {options.owners.length ? (
        <div className="flex items-end">
          <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
            <input type="checkbox" name="ownerless" value="1" defaultChecked={query.ownerless === true} />
            Ownerless only (owner left the team)
          </label>
        </div>
      ) : null}
      {query.sort !== "issued" ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.dir ? <input type="hidden" name="dir" value={query.dir} /> : null}
      {query.limit !== DEFAULT_KEY_PAGE_SIZE ? <input type="hidden" name="limit" value={query.limit} /> : null}
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass.primary}>
          Apply filters
        </button>
        <Link href="/keys" className={buttonClass.secondary}>
          Clear
        </Link>
      </div>
    </form>
  );
}
