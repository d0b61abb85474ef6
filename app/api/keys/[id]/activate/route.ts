// POST /api/keys/:id/activate – switch a deactivated key back on at the vendor
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { getKey } from "@/lib/keys/queries";
import { activateKey } from "@/lib/keys/lifecycle/toggle";

export const POST = route({ permission: "key.manage" }, async ({ caller, params }) => {
  const db = await getDb();
  await activateKey(db, caller, params.id ?? "");
  return { key: await getKey(db, caller.team.id, params.id ?? "") };
});
