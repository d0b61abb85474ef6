// GET /api/account/sessions – my signed-in sessions; DELETE – sign out everywhere (this session too)
import { endpoint } from "@/lib/api/endpoint";
import { sessionLifetimes } from "@/lib/auth/options";
import { mySessions, signOutEverywhere } from "@/lib/account/sessions";

export const GET = endpoint({ access: "signed-in" }, async ({ db, caller }) => ({
  sessions: await mySessions(db, caller, sessionLifetimes()),
}));

export const DELETE = endpoint({ access: "signed-in" }, async ({ db, caller }) => signOutEverywhere(db, caller));
