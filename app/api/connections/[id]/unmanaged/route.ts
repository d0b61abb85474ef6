// GET /api/connections/:id/unmanaged – keys the last reconciliation found that Keyward did not issue
import { endpoint } from "@/lib/api/endpoint";
import { listUnmanagedKeys } from "@/lib/keys/lifecycle/unmanaged";

export const GET = endpoint(
  { access: "team", permission: "key.read.all", params: { id: { uuid: "The connection" } } },
  async ({ db, actor, params }) => ({
    unmanaged: await listUnmanagedKeys(db, actor.team.id, params.id),
  }),
);
