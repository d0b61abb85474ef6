import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listNotificationPage } from "@/lib/requests/queries";
import { listRequestPage } from "@/lib/requests/list-page";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, readPageQuery } from "@/lib/pagination/page-query";
import { RequestTable } from "@/components/RequestTable";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { Alert } from "@/components/ui/Alert";
import { OffsetPager } from "@/components/ui/Pager";
import { RequestList } from "@/components/RequestList";
import { NotificationList } from "@/components/NotificationList";
import { buttonClass } from "@/components/ui/styles";

const NOUN = { one: "request", many: "requests" };

export const metadata: Metadata = { title: "My requests" };

type SearchParams = Record<string, string | string[] | undefined>;

/** How many unread notices the page shows above the requests; the rest are counted. */
const NOTICES_SHOWN = 10;

const requestsHref = (page: number, size: number) =>
  `/requests?${new URLSearchParams({ ...(page > 1 ? { page: String(page) } : {}), ...(size !== DEFAULT_PAGE_SIZE ? { size: String(size) } : {}) })}`;

export default async function MyRequestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { db, actor } = await pageContext("team.read");
  const { query, problem } = readPageQuery(await searchParams);
  // The same pager under the team's list (auditors) and under one's own.
  const pager = (requests: { total: number; rows: unknown[] }) => (
    <OffsetPager
      total={requests.total}
      shown={requests.rows.length}
      page={query.page}
      size={query.size}
      sizes={PAGE_SIZES}
      noun={NOUN}
      href={requestsHref}
      label="Request pages"
    />
  );
  // Auditors file nothing but read every request (request.read.all): they get the team's, read-only.
  if (!can(actor.team.role, "request.create")) {
    if (!can(actor.team.role, "request.read.all")) notFound();
    const requests = await listRequestPage(db, actor.team.id, {}, query);
    return (
      <>
        <PageHeader title="Requests" description="The team's key requests and what became of them (read-only)." />
        <Problem problem={problem} />
        {requests.total === 0 ? (
          <EmptyState title="No requests yet">No one in the team has requested a key.</EmptyState>
        ) : (
          <>
            <RequestTable requests={requests.rows} />
            {pager(requests)}
          </>
        )}
      </>
    );
  }
  const [requests, notices] = await Promise.all([
    listRequestPage(db, actor.team.id, { requesterId: actor.user.id }, query),
    listNotificationPage(db, actor.user.id, actor.team.id, { page: 1, size: 25 }, { mine: true, unread: true }),
  ]);
  const request = (
    <Link href="/requests/new" className={buttonClass.primary}>
      Request a key
    </Link>
  );
  return (
    <>
      <PageHeader
        title="My requests"
        description="Your key requests and what became of them. Issue approved keys here: the secret is shown to you once."
        actions={request}
      />
      <Problem problem={problem} />
      <NotificationList notices={notices.rows.slice(0, NOTICES_SHOWN)} unread={notices.total} />
      {requests.total === 0 ? (
        <EmptyState title="No requests yet" action={request}>
          Request a key for a connection your role is entitled to; you will find it here.
        </EmptyState>
      ) : (
        <>
          <RequestList requests={requests.rows} />
          {pager(requests)}
        </>
      )}
    </>
  );
}

function Problem({ problem }: { problem?: string }) {
  return problem ? (
    <div className="mb-4">
      <Alert tone="warning" title="Showing the first page">
        {problem}
      </Alert>
    </div>
  ) : null;
}
