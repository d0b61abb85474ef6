// POST /api/keys/:id/rotate – mint a replacement (its secret, once) and retire the old key after a grace period
import { endpoint } from "@/lib/api/endpoint";
import { rotateKey, rotateKeyBodySchema } from "@/lib/issuance/rotate";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";

export const POST = endpoint(
  { access: "team", permission: "key.manage", body: rotateKeyBodySchema, params: { id: { uuid: "The key" } } },
  async ({ db, actor, params, body, req }) => {
    return await rotateKey(db, actor, params.id, body, {
      idempotencyKey: parseIdempotencyKey(req.headers.get("idempotency-key")),
    });
  },
);
