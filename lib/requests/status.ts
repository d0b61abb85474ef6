import { and, eq, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { keyRequests } from "@/lib/db/schema";
import type { REQUEST_STATUSES } from "./request-input";

/**
 * The one rule for a request's status as people see it. An approval whose window has run out
 * is lapsed from that instant — whether or not the lapse job (lib/schedule/console-jobs.ts) has
 * written it down yet — so every page and API answer says "lapsed" and offers no Issue button;
 * the claim at issue time refuses it too. The job then records the lapse (status, audit
 * event, notice); it uses `approvalRunOut` below, so the two cannot disagree.
 */

type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A claim older than this was left by a console that died mid-issue (lib/issuance/claim.ts uses it
 * too). Longer than the longest live mint: a PAN-OS commit may be waited on for 5 minutes, and a
 * failed or abandoned one is undone by a second commit of up to 5 more.
 */
export const STALE_CLAIM_MS = 12 * 60_000;

const at = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** Approved, its window over, and not being issued right now (no claim, or a claim left behind). */
export function approvalRunOut(now: Date): SQL {
  return and(
    eq(keyRequests.status, "approved"),
    // Never null, so "not run out" is a plain negation: an approval without a window never runs out.
    isNotNull(keyRequests.approvalExpiresAt),
    lte(keyRequests.approvalExpiresAt, now),
    or(
      isNull(keyRequests.issuingSince),
      sql`${keyRequests.issuingSince} < ${at(new Date(now.getTime() - STALE_CLAIM_MS))}`,
    ),
  )!;
}

/** The status column as shown, for a select list. */
export function requestStatusSql(now: Date): SQL<RequestStatus> {
  return sql<RequestStatus>`case when ${approvalRunOut(now)} then 'lapsed' else ${keyRequests.status} end`;
}

/** "Shown status = status", for a filter. */
export function requestStatusIs(status: RequestStatus, now: Date): SQL {
  switch (status) {
    case "approved":
      return sql`${eq(keyRequests.status, "approved")} and not (${approvalRunOut(now)})`;
    case "lapsed":
      return sql`(${eq(keyRequests.status, "lapsed")} or ${approvalRunOut(now)})`;
    default:
      return eq(keyRequests.status, status);
  }
}
