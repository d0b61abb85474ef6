// DELETE /api/audit-streams/:id – stop streaming to that receiver
import { endpoint } from "@/lib/api/endpoint";
import { deleteStream } from "@/lib/audit/stream/streams";

export const DELETE = endpoint(
  { access: "team", permission: "integration.manage", params: { id: { uuid: "That audit stream" } } },
  async ({ db, actor, params }) => {
    await deleteStream(db, actor, params.id);
    return { ok: true };
  },
);
