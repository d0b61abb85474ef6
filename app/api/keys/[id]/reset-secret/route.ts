// POST /api/keys/:id/reset-secret – the vendor gives the key a new secret, returned once
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { resetKeySecret } from "@/lib/keys/lifecycle/reset-secret";

export const POST = route({ permission: "key.manage" }, async ({ caller, params }) => {
  return await resetKeySecret(await getDb(), caller, params.id ?? "");
});
