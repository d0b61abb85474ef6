// GET /api/keys/:id – one key: fingerprint and last four, never the secret; PATCH – rename / describe it
import { endpoint } from "@/lib/api/endpoint";
import { ownerFilter } from "@/lib/auth/actor";
import { getKey } from "@/lib/keys/queries";
import { updateKey, updateKeyBodySchema } from "@/lib/keys/lifecycle/update";

export const GET = endpoint(
  { access: "team", permission: "key.read", params: { id: { uuid: "The key" } } },
  async ({ db, actor, params, viewer }) => ({
    key: await getKey(db, actor.team.id, params.id, ownerFilter(viewer)),
  }),
);

export const PATCH = endpoint(
  { access: "team", permission: "key.manage", body: updateKeyBodySchema, params: { id: { uuid: "The key" } } },
  async ({ db, actor, params, body }) => {
    await updateKey(db, actor, params.id, body);
    return { key: await getKey(db, actor.team.id, params.id) };
  },
);
