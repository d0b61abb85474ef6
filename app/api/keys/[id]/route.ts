// GET /api/keys/:id – one key: fingerprint and last four, never the secret
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { getKey } from "@/lib/keys/queries";

export const GET = route({ permission: "key.read" }, async ({ caller, params }) => ({ key: await getKey(await getDb(), caller.team.id, params.id ?? "") }));
