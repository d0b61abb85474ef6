// GET /api/keys/:id – one key: fingerprint and last four, never the secret; PATCH – rename / describe it
import { route } from "@/lib/api/handler";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { getKey } from "@/lib/keys/queries";
import { updateKey, updateKeyBodySchema } from "@/lib/keys/lifecycle/update";

export const GET = route({ permission: "key.read" }, async ({ caller, params }) => ({
  key: await getKey(
    await getDb(),
    caller.team.id,
    params.id ?? "",
    can(caller.team.role, "key.read.all") ? undefined : caller.user.id,
  ),
}));

export const PATCH = route(
  { permission: "key.manage", body: updateKeyBodySchema },
  async ({ caller, params, body }) => {
    const db = await getDb();
    await updateKey(db, caller, params.id ?? "", body);
    return { key: await getKey(db, caller.team.id, params.id ?? "") };
  },
);
