// PUT /api/team/unused-policy – the team's "revoke keys unused for N days" (admins, under sudo)
import { endpoint } from "@/lib/api/endpoint";
import { unusedPolicyBodySchema } from "@/lib/policies/unused-policy-input";
import { updateUnusedPolicy } from "@/lib/policies/unused-policy";

export const PUT = endpoint(
  { access: "team", permission: "policy.manage", body: unusedPolicyBodySchema },
  async ({ db, actor, body }) => ({ policy: await updateUnusedPolicy(db, actor, body) }),
);
