// GET /api/audit?actor=&action=&targetType=&targetId=&outcome=&from=&to=&order=&before=|after= – a page of the team's audit events
import { endpoint } from "@/lib/api/endpoint";
import { listAuditEvents, nextCursor } from "@/lib/audit/queries";
import { parseAuditCursor, parseAuditFilter } from "@/lib/audit/filter";

const PAGE = 50;

export const GET = endpoint({ access: "team", permission: "audit.read" }, async ({ db, actor, req }) => {
  const params = req.nextUrl.searchParams;
  const filter = parseAuditFilter(params);
  const events = await listAuditEvents(db, actor.team.id, { ...parseAuditCursor(params), limit: PAGE }, filter);
  return { events, next: nextCursor(events, PAGE, filter) };
});
