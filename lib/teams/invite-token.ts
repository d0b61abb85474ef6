import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes: the token is the whole credential of an invite link. */
export function newInviteToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this is stored, so a database reader cannot use a pending invite. */
export function inviteTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
