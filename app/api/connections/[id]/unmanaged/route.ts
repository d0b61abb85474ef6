// GET /api/connections/:id/unmanaged – keys the last reconciliation found that Keyward did not issue
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listUnmanagedKeys } from "@/lib/keys/lifecycle/unmanaged";

export const GET = route({ permission: "key.read.all" }, async ({ caller, params }) => ({
  unmanaged: await listUnmanagedKeys(await getDb(), caller.team.id, params.id ?? ""),
}));
