// POST /api/audit/verify – walk the audit hash chain and report the first break
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { verifyChainForTeam } from "@/lib/audit/verify-report";

export const POST = route({ permission: "audit.verify" }, async ({ caller }) => {
  return verifyChainForTeam(await getDb(), caller.team.id, { id: caller.user.id, email: caller.user.email });
});
