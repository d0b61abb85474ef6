// POST /api/issue-attempts/retired – an admin confirms the key an undelivered attempt may have left was retired by hand
import { endpoint } from "@/lib/api/endpoint";
import { confirmRetiredByHand, retiredByHandBodySchema } from "@/lib/issuance/retired-by-hand";

export const POST = endpoint(
  { access: "team", permission: "key.manage", body: retiredByHandBodySchema },
  async ({ db, actor, body }) => {
    await confirmRetiredByHand(db, actor, body.attemptId);
    return { ok: true };
  },
);
