// POST /api/audit/verify – walk the audit hash chain and report the first break
import { endpoint } from "@/lib/api/endpoint";
import { verifyChainForTeam } from "@/lib/audit/verify-report";

export const POST = endpoint({ access: "team", permission: "audit.verify" }, async ({ db, actor }) => {
  return verifyChainForTeam(db, actor.team.id, { id: actor.user.id, email: actor.user.email });
});
