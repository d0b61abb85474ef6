// POST /api/unmanaged/:id/adopt – take a key created outside Keyward into the inventory
import { endpoint } from "@/lib/api/endpoint";
import { adoptUnmanagedKey } from "@/lib/keys/lifecycle/unmanaged";

export const POST = endpoint(
  { access: "team", permission: "key.manage", params: { id: { uuid: "The unmanaged key" } } },
  async ({ db, actor, params }) => await adoptUnmanagedKey(db, actor, params.id),
);
