// GET /api/notifications?page=&size= – a page of my notices in this team, with the total; POST – mark them all read
import { endpoint } from "@/lib/api/endpoint";
import { listNotificationPage, markNotificationsRead } from "@/lib/requests/queries";
import { parsePageQuery } from "@/lib/pagination/page-query";

export const GET = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor, req }) => {
  const { rows, ...page } = await listNotificationPage(
    db,
    actor.user.id,
    actor.team.id,
    parsePageQuery(req.nextUrl.searchParams),
  );
  return { notifications: rows, ...page };
});

export const POST = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor }) => {
  await markNotificationsRead(db, actor.user.id, actor.team.id);
  return { ok: true };
});
