// POST /api/keys/:id/rotate – mint a replacement (its secret, once) and retire the old key after a grace period
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { rotateKey, rotateKeyBodySchema } from "@/lib/issuance/rotate";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";

export const POST = route(
  { permission: "key.manage", body: rotateKeyBodySchema },
  async ({ caller, params, body, req }) => {
    return await rotateKey(await getDb(), caller, params.id ?? "", body, {
      idempotencyKey: parseIdempotencyKey(req.headers.get("idempotency-key")),
    });
  },
);
