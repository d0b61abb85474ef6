import { and, eq } from "drizzle-orm";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { Db } from "@/lib/db/client";
import { passkeys } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { challengeOfAnswer, keepChallenge, takeChallenge, type ChallengePurpose } from "./challenges";
import { relyingParty } from "./webauthn-config";
import { afterFactorAdded, afterFactorRemoved } from "./factors";

type User = { id: string; email: string };

const notVerified = () =>
  new AppError("passkey_failed", 422, "The passkey could not be verified. Try again, or use another method.");

async function userPasskeys(db: Db, userId: string) {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId));
}

/** Options for the browser's create() call; the challenge is kept server-side for this user. */
export async function passkeyRegistrationOptions(db: Db, user: User & { name: string }) {
  const rp = relyingParty();
  const existing = await userPasskeys(db, user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
  });
  await keepChallenge(db, user.id, "register", options.challenge);
  return options;
}

/** Verifies the browser's answer to create() and stores the credential under the given name. */
export async function registerPasskey(
  db: Db,
  user: User,
  input: { name: string; response: RegistrationResponseJSON },
): Promise<{ id: string; recoveryCodes: string[] | null }> {
  const rp = relyingParty();
  const challenge = challengeOfAnswer(input.response.response?.clientDataJSON);
  if (!challenge || !(await takeChallenge(db, user.id, "register", challenge))) throw notVerified();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    // Not logged: the library's messages quote the challenges.
    throw notVerified();
  }
  if (!verification.verified) throw notVerified();
  const { credential } = verification.registrationInfo;
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(passkeys)
      .values({
        userId: user.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString("base64url"),
        counter: credential.counter,
        transports: credential.transports ?? [],
        name: input.name,
      })
      .onConflictDoNothing()
      .returning({ id: passkeys.id });
    if (!row) throw new AppError("passkey_exists", 409, "This passkey is already registered.");
    const recoveryCodes = await afterFactorAdded(tx, user, { factor: "passkey", name: input.name });
    return { id: row.id, recoveryCodes };
  });
}

/** Options for the browser's get() call, for one user's passkeys (sign-in's second step, sudo). */
export async function passkeyAuthenticationOptions(
  db: Db,
  userId: string,
  purpose: Exclude<ChallengePurpose, "register">,
) {
  const existing = await userPasskeys(db, userId);
  if (existing.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransport[],
    })),
    userVerification: "required",
  });
  await keepChallenge(db, userId, purpose, options.challenge);
  return options;
}

/**
 * Verifies an answer to get(): the challenge must be this user's, for this purpose, and unused;
 * the credential must be one of theirs; user verification is required. Updates the counter and
 * last use. False on any failure (the caller says so and audits it).
 */
export async function verifyPasskey(
  db: Db,
  userId: string,
  purpose: Exclude<ChallengePurpose, "register">,
  response: AuthenticationResponseJSON,
): Promise<boolean> {
  const challenge = challengeOfAnswer(response?.response?.clientDataJSON);
  if (!challenge || !(await takeChallenge(db, userId, purpose, challenge))) return false;
  const [stored] = await db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.userId, userId), eq(passkeys.credentialId, String(response.id))))
    .limit(1);
  if (!stored) return false;
  const rp = relyingParty();
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
        counter: stored.counter,
        transports: stored.transports as AuthenticatorTransport[],
      },
    });
    if (!verified) return false;
    await db
      .update(passkeys)
      .set({ counter: authenticationInfo.newCounter, lastUsedAt: new Date() })
      .where(eq(passkeys.id, stored.id));
    return true;
  } catch {
    // A counter that went backwards (a cloned authenticator), a bad signature, another origin.
    return false;
  }
}

export async function renamePasskey(db: Db, user: User, id: string, name: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx
      .update(passkeys)
      .set({ name })
      .where(and(eq(passkeys.id, id), eq(passkeys.userId, user.id)))
      .returning({ id: passkeys.id });
    if (!row) throw notFound("The passkey");
    await recordAudit(tx, {
      actor: user,
      action: "account.factor.rename",
      target: { type: "user", id: user.id },
      outcome: "success",
      detail: { factor: "passkey", name },
    });
  });
}

export async function removePasskey(db: Db, user: User, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, id), eq(passkeys.userId, user.id)))
      .returning({ name: passkeys.name });
    if (!row) throw notFound("The passkey");
    await afterFactorRemoved(tx, user, { factor: "passkey", name: row.name });
  });
}
