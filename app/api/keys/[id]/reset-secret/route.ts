// POST /api/keys/:id/reset-secret – the vendor gives the key a new secret, returned once
import { endpoint } from "@/lib/api/endpoint";
import { resetKeySecret } from "@/lib/keys/lifecycle/reset-secret";

export const POST = endpoint(
  { access: "team", permission: "key.manage", params: { id: { uuid: "The key" } } },
  async ({ db, actor, params }) => {
    return await resetKeySecret(db, actor, params.id);
  },
);
