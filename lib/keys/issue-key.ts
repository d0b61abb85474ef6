import "server-only";
import type { Db } from "@/lib/db/client";
import type { TeamRole } from "@/lib/auth/permissions";
import { fileRequest } from "@/lib/requests/create-request";
import { issueClaimed } from "@/lib/requests/issue-request";
import type { DirectIssueBody } from "@/lib/requests/request-input";
import type { IssuedKey } from "./mint-and-record";

export type { IssuedKey } from "./mint-and-record";

interface Actor {
  user: { id: string; email: string };
  team: { id: string; role?: TeamRole };
}

/**
 * An admin's one-step issue. It goes through the same policy as everyone else: it creates a
 * request that the admin's auto-approving grant approves at once, then issues it in this same
 * call — so every key has an owner, a reason and an approver (the policy, on the admin's behalf).
 * Without such a grant the admin is told to use "Request a key" instead.
 */
export async function issueKey(db: Db, actor: Actor, body: DirectIssueBody): Promise<IssuedKey> {
  const role = actor.team.role ?? "admin";
  const filed = await fileRequest(db, { user: actor.user, team: { id: actor.team.id, role } }, { ...body, reason: body.reason ?? "" }, { requireAutoApproval: true, claimForIssue: true });
  // Filed approved and claimed in this call: nothing to re-read or re-check before the vendor call.
  return issueClaimed(db, { user: actor.user, team: { id: actor.team.id } }, filed.connection, filed.adapter, filed.request, null);
}
