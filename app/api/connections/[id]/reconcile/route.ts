// POST /api/connections/:id/reconcile – compare the vendor's keys with the inventory now
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { reconcileConnection } from "@/lib/keys/lifecycle/reconcile";

export const POST = route({ permission: "key.manage" }, async ({ caller, params }) => ({
  summary: await reconcileConnection(await getDb(), caller, caller.team.id, params.id ?? ""),
}));
