// GET /api/audit?before=<id> – the team's audit events, newest first
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listAuditEvents } from "@/lib/audit/queries";

export const GET = route({ permission: "audit.read" }, async ({ caller, req }) => {
  const before = Number(req.nextUrl.searchParams.get("before")) || undefined;
  return { events: await listAuditEvents(await getDb(), caller.team.id, { before }) };
});
