// GET /api/notifications – my notices in this team; POST – mark them all read
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listNotifications, markNotificationsRead } from "@/lib/requests/queries";

export const GET = route({ permission: "team.read" }, async ({ caller }) => ({
  notifications: await listNotifications(await getDb(), caller.user.id, caller.team.id),
}));

export const POST = route({ permission: "team.read" }, async ({ caller }) => {
  await markNotificationsRead(await getDb(), caller.user.id, caller.team.id);
  return { ok: true };
});
