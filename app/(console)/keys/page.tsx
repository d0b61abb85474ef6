import Link from "next/link";
import type { Metadata } from "next";
import { ZodError } from "zod";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { listKeyPage, type KeyPage } from "@/lib/keys/list-keys";
import {
  filterParams,
  isFiltered,
  KEY_PAGE_SIZES,
  keyFilterParams,
  keyListQuerySchema,
  parseKeyListQuery,
  type KeyListQuery,
} from "@/lib/keys/list-query";
import { inventoryOptions } from "@/lib/keys/inventory-options";
import { KeyFilters } from "@/components/KeyFilters";
import { KeysTable } from "@/components/KeysTable";
import { BulkRevoke } from "@/components/BulkRevoke";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { Alert } from "@/components/ui/Alert";
import { Pager } from "@/components/ui/Pager";
import { rangeSummary } from "@/lib/pagination/page-query";
import { buttonClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Keys" };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The URL's filters. A damaged parameter is dropped (the rest of the view stays) and named in a
 * message, so a hand-edited page size never costs the user their filters.
 */
function readQuery(params: SearchParams): { query: KeyListQuery; problem?: string } {
  try {
    return { query: parseKeyListQuery(params) };
  } catch (err) {
    const fields = err instanceof ZodError ? [...new Set(err.issues.map((i) => String(i.path[0])))] : [];
    const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !fields.includes(k)));
    let query: KeyListQuery;
    try {
      query = parseKeyListQuery(kept);
    } catch {
      query = keyListQuerySchema.parse({});
    }
    return {
      query,
      problem: `Some filters in this link were not understood${fields.length ? ` (${fields.join(", ")})` : ""}; they were left out.`,
    };
  }
}

export default async function KeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { db, actor, viewer } = await pageContext("key.read");
  const { seesAll } = viewer;
  let { query, problem } = readQuery(await searchParams);
  let page: KeyPage;
  try {
    page = await listKeyPage(db, actor.team.id, viewer, query);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    problem = err.message;
    query = { ...query, cursor: undefined };
    page = await listKeyPage(db, actor.team.id, viewer, query);
  }
  const options = await inventoryOptions(db, actor.team.id, seesAll);
  const filtered = isFiltered(query);
  const issue = can(actor.team.role, "key.issue") ? (
    <Link href="/keys/new" className={buttonClass.primary}>
      Issue a key
    </Link>
  ) : undefined;
  const exportHref = `/api/keys/export?${filterParams(query, { format: "csv", limit: undefined })}`;
  const pageHref = (cursor: string) => `/keys?${filterParams(query, { cursor })}`;
  const nothingAtAll = page.keys.length === 0 && !filtered && !query.cursor;

  return (
    <>
      <PageHeader
        title="Keys"
        description={
          seesAll
            ? "Every key issued through Keyward. Secrets are never stored; fingerprints and last four characters identify them."
            : "The keys issued to you. Secrets are never stored; fingerprints and last four characters identify them."
        }
        actions={
          nothingAtAll ? undefined : (
            <>
              <a href={exportHref} className={buttonClass.secondary} download>
                Export CSV
              </a>
              {/* Only a filtered view: revoking "every key of the team" stays a deliberate filter away. */}
              {filtered && page.keys.length > 0 && can(actor.team.role, "key.manage") ? (
                <BulkRevoke filter={Object.fromEntries(keyFilterParams(query))} />
              ) : null}
              {issue}
            </>
          )
        }
      />
      {problem ? (
        <div className="mb-4">
          <Alert tone="warning" title="Showing the first page">
            {problem}
          </Alert>
        </div>
      ) : null}
      {nothingAtAll ? (
        <EmptyState title="No keys yet" action={issue}>
          Issue a key on one of your connections; it will be listed here with who issued it and when.
        </EmptyState>
      ) : (
        <>
          <KeyFilters query={query} options={options} />
          {page.keys.length === 0 ? (
            <EmptyState
              title="No keys match these filters"
              action={
                <Link href="/keys" className={buttonClass.secondary}>
                  Clear filters
                </Link>
              }
            >
              Try a shorter name, another status or a longer expiry window.
            </EmptyState>
          ) : (
            <KeysTable keys={page.keys} query={query} />
          )}
          {page.keys.length || page.prevCursor ? (
            <Pager
              summary={rangeSummary(
                { from: page.start + 1, shown: page.keys.length, total: page.total.count, more: page.total.more },
                { one: "key", many: "keys" },
              )}
              sizes={KEY_PAGE_SIZES}
              size={query.limit}
              sizeHref={(limit) => `/keys?${filterParams(query, { limit: String(limit) })}`}
              prevHref={page.prevCursor ? pageHref(page.prevCursor) : null}
              nextHref={page.nextCursor ? pageHref(page.nextCursor) : null}
            />
          ) : null}
        </>
      )}
    </>
  );
}
