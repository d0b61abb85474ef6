// POST /api/unmanaged/:id/adopt – take a key created outside Keyward into the inventory
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { adoptUnmanagedKey } from "@/lib/keys/lifecycle/unmanaged";

export const POST = route(
  { permission: "key.manage" },
  async ({ caller, params }) => await adoptUnmanagedKey(await getDb(), caller, params.id ?? ""),
);
