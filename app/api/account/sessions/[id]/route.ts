// DELETE /api/account/sessions/:id – sign out one of my sessions (another browser)
import { endpoint } from "@/lib/api/endpoint";
import { revokeMySession } from "@/lib/account/sessions";

export const DELETE = endpoint(
  { access: "signed-in", params: { id: { uuid: "That session" } } },
  async ({ db, caller, params }) => {
    await revokeMySession(db, caller, params.id);
    return { ok: true };
  },
);
