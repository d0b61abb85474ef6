import "server-only";
import { unsealSecrets } from "./credentials";
import { toConnectionView, type ConnectionRow, type ConnectionView } from "./queries";

/** The browser's view of a connection: which secrets are set, never their values. */
export function connectionView(row: ConnectionRow): ConnectionView {
  const set = Object.entries(unsealSecrets(row))
    .filter(([, v]) => v !== "")
    .map(([k]) => k);
  return toConnectionView(row, set);
}
