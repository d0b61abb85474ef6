import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { auditPage, type AuditPage } from "@/lib/audit/queries";
import {
  AUDIT_PAGE_SIZES,
  DEFAULT_AUDIT_PAGE_SIZE,
  KNOWN_AUDIT_ACTIONS,
  auditFilterParams,
  auditFilterSchema,
  auditPositionSchema,
} from "@/lib/audit/filter";
import { rangeSummary } from "@/lib/pagination/page-query";
import { Pager } from "@/components/ui/Pager";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { Alert } from "@/components/ui/Alert";
import { buttonClass } from "@/components/ui/styles";
import { AuditFilters } from "@/components/AuditFilters";
import { AuditTable } from "@/components/AuditTable";
import { VerifyChainButton } from "@/components/VerifyChainButton";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { db, actor } = await pageContext("audit.read");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, first(v)]));
  const parsedFilter = auditFilterSchema.safeParse(raw);
  const parsedPosition = auditPositionSchema.safeParse(raw);
  const filter = parsedFilter.success ? parsedFilter.data : auditFilterSchema.parse({});
  const position = parsedPosition.success ? parsedPosition.data : auditPositionSchema.parse({});
  const page = await auditPage(db, actor.team.id, filter, position);
  const { events } = page;
  const query = auditFilterParams(filter);
  const withQuery = (extra: Record<string, string>) => {
    const p = new URLSearchParams(query);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  };
  // The page size travels with every link (filters, pages) so the reader's choice sticks.
  const sized = (size: number): Record<string, string> =>
    size === DEFAULT_AUDIT_PAGE_SIZE ? {} : { size: String(size) };
  const pageHref = (to: NonNullable<AuditPage["next"]>) =>
    `/audit?${withQuery({ ...sized(position.size), ...Object.fromEntries(Object.entries(to).map(([k, v]) => [k, String(v)])) })}`;
  const sizeHref = (size: number) => {
    const q = withQuery(sized(size));
    return q ? `/audit?${q}` : "/audit";
  };
  const paged = position.before !== undefined || position.after !== undefined;
  const filtered = query.toString() !== "";

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, connection change and key issued. Each event carries the hash of the one before it, so an edited or deleted event shows when the chain is verified."
        actions={
          <>
            <a href={`/api/audit/export?${withQuery({ format: "csv" })}`} className={buttonClass.secondary} download>
              Export CSV
            </a>
            <a href={`/api/audit/export?${withQuery({ format: "jsonl" })}`} className={buttonClass.secondary} download>
              Export JSON Lines
            </a>
          </>
        }
      />
      {can(actor.team.role, "audit.verify") ? (
        <div className="mb-6">
          <VerifyChainButton />
        </div>
      ) : null}
      <AuditFilters
        actions={KNOWN_AUDIT_ACTIONS}
        values={{ ...raw, from: filter.from?.toISOString(), to: filter.to?.toISOString() }}
        size={position.size === DEFAULT_AUDIT_PAGE_SIZE ? undefined : String(position.size)}
      />
      {!parsedFilter.success || !parsedPosition.success ? (
        <div className="mb-4">
          <Alert tone="warning" title="Some filters were not understood">
            They are ignored; check the dates and try again.
          </Alert>
        </div>
      ) : null}
      {events.length === 0 ? (
        <EmptyState
          title="No events"
          action={
            paged ? (
              <Link href={sizeHref(position.size)} className={buttonClass.secondary}>
                First page
              </Link>
            ) : undefined
          }
        >
          {paged
            ? "There are no more events."
            : filtered
              ? "No event matches these filters."
              : "Nothing has happened in this team yet."}
        </EmptyState>
      ) : (
        <AuditTable events={events} />
      )}
      {events.length || page.prev ? (
        <Pager
          label="Audit log pages"
          summary={rangeSummary(
            { from: page.start + 1, shown: events.length, total: page.total.count, more: page.total.more },
            { one: "event", many: "events" },
          )}
          sizes={AUDIT_PAGE_SIZES}
          size={position.size}
          sizeHref={sizeHref}
          prevHref={page.prev ? pageHref(page.prev) : null}
          nextHref={page.next ? pageHref(page.next) : null}
        />
      ) : null}
    </>
  );
}
