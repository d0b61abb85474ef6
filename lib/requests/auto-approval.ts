import { and, eq, ne, or, isNull, type SQL } from "drizzle-orm";
import { keyRequests } from "@/lib/db/schema";

/**
 * The decision reason a request gets when its grant approves it at once (lib/issuance/file.ts).
 * It is how lists tell a person's decision from the policy's: an admin's one-step issues are
 * requests too, and would otherwise bury the decisions someone actually made.
 */
export const AUTO_APPROVAL = "Auto-approved by the connection's policy.";

export const autoApproved = (): SQL => eq(keyRequests.decisionReason, AUTO_APPROVAL);

/** Requests that needed a person: still waiting, or decided (approved, denied, cancelled, lapsed, issued) by someone. */
const neededAPerson = (): SQL => or(isNull(keyRequests.decisionReason), ne(keyRequests.decisionReason, AUTO_APPROVAL))!;

/** Decided by a person (or withdrawn by the requester): no longer waiting, and not the policy's doing. */
export const decidedByAPerson = (): SQL => and(ne(keyRequests.status, "pending"), neededAPerson())!;
