// POST /api/issue-attempts/retired – an admin confirms the key an undelivered attempt may have left was retired by hand
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { confirmRetiredByHand, retiredByHandBodySchema } from "@/lib/issuance/retired-by-hand";

export const POST = route({ permission: "key.manage", body: retiredByHandBodySchema }, async ({ caller, body }) => {
  await confirmRetiredByHand(await getDb(), caller, body.attemptId);
  return { ok: true };
});
