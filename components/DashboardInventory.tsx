import Link from "next/link";
import type { KeysDashboard } from "@/lib/keys/dashboard";
import type { CappedCount } from "@/lib/keys/capped-count";
import { adapterFor } from "@/lib/vendors/registry";
import { cardClass, linkClass } from "@/components/ui/styles";

const formatCount = (c: CappedCount) => `${c.count.toLocaleString("en-GB")}${c.more ? "+" : ""}`;

function Stat({
  id,
  label,
  value,
  href,
  linkLabel,
}: {
  id: string;
  label: string;
  value: string;
  href?: string;
  linkLabel?: string;
}) {
  return (
    <section className={cardClass} aria-labelledby={id}>
      <h2 id={id} className="text-sm font-medium text-slate-600 dark:text-slate-400">
        {label}
      </h2>
      <p className="mt-1 text-3xl font-semibold tabular-nums" data-testid={id}>
        {value}
      </p>
      {href ? (
        <Link href={href} className={`${linkClass} mt-2 inline-block text-sm`}>
          {linkLabel}
        </Link>
      ) : null}
    </section>
  );
}

/** The inventory at a glance: what expires soon, what waits for a decision, and where the keys live. */
export function DashboardStats({
  stats,
  pending,
  pendingLabel,
}: {
  stats: KeysDashboard;
  pending: number | null;
  pendingLabel: string;
}) {
  return (
    <div className="mb-6 grid gap-4 *:min-w-0 sm:grid-cols-2 lg:grid-cols-3">
      <Stat
        id="expiring-7"
        label="Keys expiring in 7 days"
        value={formatCount(stats.expiringIn7Days)}
        href="/keys?expiringWithinDays=7&sort=expires"
        linkLabel="See them"
      />
      <Stat
        id="expiring-30"
        label="Keys expiring in 30 days"
        value={formatCount(stats.expiringIn30Days)}
        href="/keys?expiringWithinDays=30&sort=expires"
        linkLabel="See them"
      />
      {stats.missedExpiries.count > 0 ? (
        <Stat
          id="missed-expiries"
          label="Expired keys Keyward could not revoke yet"
          value={formatCount(stats.missedExpiries)}
          href="/keys?status=expired&sort=expires"
          linkLabel="See expired keys"
        />
      ) : null}
      {stats.unconfirmedDeliveries.count > 0 ? (
        <Stat
          id="unconfirmed-deliveries"
          label="Keys whose delivery was never confirmed"
          value={formatCount(stats.unconfirmedDeliveries)}
        />
      ) : null}
      {stats.ownerless.count > 0 ? (
        <Stat
          id="ownerless-keys"
          label="Live keys whose owner left the team"
          value={formatCount(stats.ownerless)}
          href="/keys?ownerless=1"
          linkLabel="See ownerless keys"
        />
      ) : null}
      {pending !== null ? (
        <Stat id="pending-approvals" label={pendingLabel} value={pending.toLocaleString("en-GB")} />
      ) : null}
    </div>
  );
}

export function KeysPerVendor({ perVendor }: { perVendor: KeysDashboard["perVendor"] }) {
  return (
    <section className={cardClass} aria-labelledby="keys-per-vendor">
      <h2 id="keys-per-vendor" className="mb-3 font-semibold">
        Keys per vendor
      </h2>
      {perVendor.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No keys yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
          {perVendor.map((v) => (
            <li key={v.vendor} className="flex items-center justify-between gap-2 py-2">
              <Link href={`/keys?vendor=${encodeURIComponent(v.vendor)}`} className={linkClass}>
                {adapterFor(v.vendor)?.capabilities.displayName ?? v.vendor}
              </Link>
              <span className="tabular-nums">{formatCount(v)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
