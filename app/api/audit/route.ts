// GET /api/audit?actor=&action=&targetType=&targetId=&outcome=&from=&to=&order=&before=|after= – a page of the team's audit events
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listAuditEvents, nextCursor } from "@/lib/audit/queries";
import { parseAuditCursor, parseAuditFilter } from "@/lib/audit/filter";

const PAGE = 50;

export const GET = route({ permission: "audit.read" }, async ({ caller, req }) => {
  const params = req.nextUrl.searchParams;
  const filter = parseAuditFilter(params);
  const events = await listAuditEvents(
    await getDb(),
    caller.team.id,
    { ...parseAuditCursor(params), limit: PAGE },
    filter,
  );
  return { events, next: nextCursor(events, PAGE, filter) };
});
