import { env } from "@/lib/env";

/** The relying party: the console's own host name and origin, from KEYWARD_URL. */
export function relyingParty(): { id: string; origin: string; name: string } {
  const url = new URL(env().KEYWARD_URL);
  return { id: url.hostname, origin: url.origin, name: "Keyward" };
}
