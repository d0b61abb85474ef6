import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { listRequestPage, requestViewCounts, type RequestListView } from "@/lib/requests/list-page";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, readPageQuery } from "@/lib/pagination/page-query";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { Alert } from "@/components/ui/Alert";
import { OffsetPager } from "@/components/ui/Pager";
import { ApprovalQueue } from "@/components/ApprovalQueue";
import { RequestTable } from "@/components/RequestTable";

const NOUN = { one: "request", many: "requests" };

export const metadata: Metadata = { title: "Approvals" };

type SearchParams = Record<string, string | string[] | undefined>;
type Tab = Exclude<RequestListView, "all">;

const TABS: Array<{ view: Tab; label: string }> = [
  { view: "waiting", label: "Waiting for a decision" },
  { view: "decided", label: "Decided by people" },
  { view: "auto", label: "Auto-approved" },
];

const href = (view: Tab, page: number, size: number) => {
  const q = new URLSearchParams();
  if (view !== "waiting") q.set("view", view);
  if (page > 1) q.set("page", String(page));
  if (size !== DEFAULT_PAGE_SIZE) q.set("size", String(size));
  return `/approvals${q.size ? `?${q}` : ""}`;
};

/**
 * Decisions apart from the policy's: the queue of what waits, what people decided, and the
 * requests a connection's policy approved at once (an admin's one-step issues), each its own
 * paged list so hundreds of auto-approvals never push a real decision off the page.
 */
export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { db, actor } = await pageContext("request.decide");
  const params = await searchParams;
  const view: Tab = params.view === "decided" || params.view === "auto" ? params.view : "waiting";
  const { query, problem } = readPageQuery(params);
  const [counts, list] = await Promise.all([
    requestViewCounts(db, actor.team.id),
    listRequestPage(db, actor.team.id, { view }, query),
  ]);
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Key requests waiting for a decision. Approving lets the requester issue the key themself — you never see its secret."
      />
      {problem ? (
        <div className="mb-4">
          <Alert tone="warning" title="Showing the first page">
            {problem}
          </Alert>
        </div>
      ) : null}
      <nav
        aria-label="Requests by decision"
        className="mb-6 flex flex-wrap gap-2 border-b border-slate-200 dark:border-slate-800"
      >
        {TABS.map((t) => (
          <Link
            key={t.view}
            href={href(t.view, 1, query.size)}
            aria-current={t.view === view ? "page" : undefined}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-700 hover:text-slate-900 aria-[current=page]:border-sky-700 aria-[current=page]:text-sky-800 dark:text-slate-300 dark:hover:text-white dark:aria-[current=page]:border-sky-400 dark:aria-[current=page]:text-sky-300"
          >
            {t.label}{" "}
            <span className="text-slate-600 dark:text-slate-400">({counts[t.view].toLocaleString("en-US")})</span>
          </Link>
        ))}
      </nav>
      {list.total === 0 ? (
        <EmptyState title={view === "waiting" ? "Nothing to decide" : "None yet"}>
          {view === "waiting"
            ? "No request is waiting for approval."
            : view === "decided"
              ? "No one has decided a request yet."
              : "No request was approved by a connection's policy yet."}
        </EmptyState>
      ) : view === "waiting" ? (
        <ApprovalQueue requests={list.rows} selfId={actor.user.id} />
      ) : (
        <RequestTable requests={list.rows} />
      )}
      {list.total > 0 ? (
        <OffsetPager
          total={list.total}
          shown={list.rows.length}
          page={query.page}
          size={query.size}
          sizes={PAGE_SIZES}
          noun={NOUN}
          href={(page, size) => href(view, page, size)}
          label="Request pages"
        />
      ) : null}
    </>
  );
}
