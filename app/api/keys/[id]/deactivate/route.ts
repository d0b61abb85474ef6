// POST /api/keys/:id/deactivate – switch the key off on the vendor; it can be activated again
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { getKey } from "@/lib/keys/queries";
import { deactivateKey } from "@/lib/keys/lifecycle/toggle";

export const POST = route({ permission: "key.manage" }, async ({ caller, params }) => {
  const db = await getDb();
  await deactivateKey(db, caller, params.id ?? "");
  return { key: await getKey(db, caller.team.id, params.id ?? "") };
});
