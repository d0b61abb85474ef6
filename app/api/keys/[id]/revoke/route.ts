// POST /api/keys/:id/revoke – revoke on the vendor, or mark "retire by hand" where it cannot
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { getKey } from "@/lib/keys/queries";
import { revokeKey } from "@/lib/keys/lifecycle/revoke";

export const POST = route({ permission: "key.manage" }, async ({ caller, params }) => {
  const db = await getDb();
  const outcome = await revokeKey(db, caller, params.id ?? "");
  return { outcome, key: await getKey(db, caller.team.id, params.id ?? "") };
});
