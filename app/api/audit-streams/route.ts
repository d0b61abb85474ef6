// POST /api/audit-streams – stream the team's audit events to a syslog receiver over TLS or an HTTPS JSON-lines endpoint
import { endpoint } from "@/lib/api/endpoint";
import { createStream, createStreamBodySchema } from "@/lib/audit/stream/streams";

export const POST = endpoint(
  { access: "team", permission: "integration.manage", body: createStreamBodySchema },
  async ({ db, actor, body }) => ({ stream: await createStream(db, actor, body) }),
);
