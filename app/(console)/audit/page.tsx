import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listAuditEvents, nextCursor } from "@/lib/audit/queries";
import { KNOWN_AUDIT_ACTIONS, auditCursorSchema, auditFilterParams, auditFilterSchema } from "@/lib/audit/filter";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { Alert } from "@/components/ui/Alert";
import { buttonClass } from "@/components/ui/styles";
import { AuditFilters } from "@/components/AuditFilters";
import { AuditTable } from "@/components/AuditTable";
import { VerifyChainButton } from "@/components/VerifyChainButton";

export const metadata: Metadata = { title: "Audit log" };
const PAGE = 50;

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { db, actor } = await pageContext("audit.read");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, first(v)]));
  const parsedFilter = auditFilterSchema.safeParse(raw);
  const parsedCursor = auditCursorSchema.safeParse(raw);
  const filter = parsedFilter.success ? parsedFilter.data : auditFilterSchema.parse({});
  const cursor: { before?: number; after?: number } = parsedCursor.success ? parsedCursor.data : {};
  const events = await listAuditEvents(db, actor.team.id, { ...cursor, limit: PAGE }, filter);
  const next = nextCursor(events, PAGE, filter);
  const query = auditFilterParams(filter);
  const withQuery = (extra: Record<string, string>) => {
    const p = new URLSearchParams(query);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  };
  const paged = cursor.before !== undefined || cursor.after !== undefined;
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
      />
      {!parsedFilter.success || !parsedCursor.success ? (
        <div className="mb-4">
          <Alert tone="warning" title="Some filters were not understood">
            They are ignored; check the dates and try again.
          </Alert>
        </div>
      ) : null}
      {events.length === 0 ? (
        <EmptyState title="No events">
          {paged
            ? "There are no more events."
            : filtered
              ? "No event matches these filters."
              : "Nothing has happened in this team yet."}
        </EmptyState>
      ) : (
        <AuditTable events={events} />
      )}
      <div className="mt-4 flex gap-2">
        {paged ? (
          <Link href={query.toString() ? `/audit?${query}` : "/audit"} className={buttonClass.secondary}>
            First page
          </Link>
        ) : null}
        {next ? (
          <Link
            href={`/audit?${withQuery(Object.fromEntries(Object.entries(next).map(([k, v]) => [k, String(v)])))}`}
            className={buttonClass.secondary}
          >
            {filter.order === "oldest" ? "Newer events" : "Older events"}
          </Link>
        ) : null}
      </div>
    </>
  );
}
