import { z } from "zod";
import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests } from "@/lib/db/schema";
import { pageOffset, type PageQuery, type Paged } from "@/lib/pagination/page-query";
import { requestViewQuery, toRequestView, type RequestView } from "./queries";
import { autoApproved, decidedByAPerson } from "./auto-approval";

/**
 * Requests a page at a time, newest first, with the total. Which ones:
 * - `all`: every request (of one requester, when given);
 * - `waiting`: pending, for a decision;
 * - `decided`: decided by a person (or withdrawn) — auto-approved requests never crowd them out;
 * - `auto`: approved at once by a connection's policy.
 * Indexes: key_requests_team_status_idx serves `waiting`, key_requests_team_created_idx the
 * team's lists, key_requests_requester_idx one requester's.
 */
const REQUEST_VIEWS = ["all", "waiting", "decided", "auto"] as const;
export type RequestListView = (typeof REQUEST_VIEWS)[number];

const requestListViewSchema = z.object({
  view: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(REQUEST_VIEWS).default("all")),
});

/** The `view` query parameter; anything but the four names throws the zod error (422 from the BFF). */
export function parseRequestListView(raw: string | null | undefined): RequestListView {
  return requestListViewSchema.parse({ view: raw }).view;
}

function viewCondition(view: RequestListView): SQL | undefined {
  switch (view) {
    case "all":
      return undefined;
    case "waiting":
      return eq(keyRequests.status, "pending");
    case "decided":
      return decidedByAPerson();
    case "auto":
      return autoApproved();
  }
}

export async function listRequestPage(
  db: Db,
  teamId: string,
  filter: { requesterId?: string; view?: RequestListView },
  page: PageQuery,
  now = new Date(),
): Promise<Paged<RequestView>> {
  const where = and(
    eq(keyRequests.teamId, teamId),
    filter.requesterId ? eq(keyRequests.requesterId, filter.requesterId) : undefined,
    viewCondition(filter.view ?? "all"),
  );
  const [rows, [total]] = await Promise.all([
    requestViewQuery(db, now)
      .where(where)
      .orderBy(desc(keyRequests.createdAt), desc(keyRequests.id))
      .limit(page.size)
      .offset(pageOffset(page)),
    db.select({ n: count() }).from(keyRequests).where(where),
  ]);
  return { rows: rows.map(toRequestView), total: Number(total?.n ?? 0), ...page };
}

/** How many requests each view of the team's holds, for the Approvals page's tabs. */
export async function requestViewCounts(
  db: Db,
  teamId: string,
): Promise<Record<Exclude<RequestListView, "all">, number>> {
  const [row] = await db
    .select({
      waiting: count(sql`case when ${viewCondition("waiting")} then 1 end`),
      decided: count(sql`case when ${viewCondition("decided")} then 1 end`),
      auto: count(sql`case when ${viewCondition("auto")} then 1 end`),
    })
    .from(keyRequests)
    .where(eq(keyRequests.teamId, teamId));
  return { waiting: Number(row?.waiting ?? 0), decided: Number(row?.decided ?? 0), auto: Number(row?.auto ?? 0) };
}
