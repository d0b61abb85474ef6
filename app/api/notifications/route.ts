// GET /api/notifications – my notices in this team; POST – mark them all read
import { endpoint } from "@/lib/api/endpoint";
import { listNotifications, markNotificationsRead } from "@/lib/requests/queries";

export const GET = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor }) => ({
  notifications: await listNotifications(db, actor.user.id, actor.team.id),
}));

export const POST = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor }) => {
  await markNotificationsRead(db, actor.user.id, actor.team.id);
  return { ok: true };
});
