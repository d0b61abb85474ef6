import { and, eq, gt, inArray, like, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { authFailures, trustedSignIns } from "@/lib/db/schema";

/**
 * Growing delays instead of a lock-out (SECURITY.md, "Sign-in throttling"). Each failed password
 * check is counted under several keys; once a key has had its free failures within the window,
 * every further attempt under it waits 5, 10, 20 … seconds after the key's last failure, up to the
 * cap. Counted in the database, so the delays hold across restarts and console instances.
 */
export interface ThrottlePolicy {
  /** Failures per account in the window before delays start (the other keys derive theirs). */
  maxFailures: number;
  windowMinutes: number;
  maxDelaySeconds: number;
}

/** Who is trying: a sign-in from an address (null when unknown), or a signed-in user confirming their password. */
export type AttemptSource = { kind: "sign-in"; address: string | null } | { kind: "confirm"; userId: string };

interface Counter {
  key: string;
  free: number;
}

/** A successful sign-in from an address this recent exempts it from the account-wide delay. */
const TRUST_DAYS = 30;

const accountKey = (email: string) => `account:${email}`;
const pairKey = (email: string, address: string) => `account-address:${email}|${address}`;
const addressKey = (address: string) => `address:${address}`;
const confirmKey = (userId: string) => `confirm:${userId}`;

/** The first wait after a key's free failures; each further failure doubles it. */
const FIRST_DELAY_SECONDS = 5;

/** Seconds to wait after the last failure, given how many failures the key has in the window. */
export function delaySeconds(failures: number, free: number, maxDelaySeconds: number): number {
  if (failures < free) return 0;
  return Math.min(maxDelaySeconds, FIRST_DELAY_SECONDS * 2 ** Math.min(failures - free, 30));
}

async function isTrusted(tx: Db, email: string, address: string): Promise<boolean> {
  const since = new Date(Date.now() - TRUST_DAYS * 86_400_000);
  const [row] = await tx
    .select({ at: trustedSignIns.at })
    .from(trustedSignIns)
    .where(and(eq(trustedSignIns.email, email), eq(trustedSignIns.address, address), gt(trustedSignIns.at, since)))
    .limit(1);
  return Boolean(row);
}

/**
 * The keys an attempt is counted under. Strict per account and address (a guesser at one place
 * slows down after a few tries); lenient per address (many accounts from one place) and per
 * account (a guesser spread over many addresses), the latter skipped for an address the account
 * signed in from recently, so nobody elsewhere can hold the real user up.
 */
async function countersFor(tx: Db, email: string, source: AttemptSource, policy: ThrottlePolicy): Promise<Counter[]> {
  if (source.kind === "confirm") return [{ key: confirmKey(source.userId), free: policy.maxFailures }];
  const account = { key: accountKey(email), free: policy.maxFailures };
  if (!source.address) return [account];
  const counters = [
    { key: pairKey(email, source.address), free: Math.ceil(policy.maxFailures / 2) },
    { key: addressKey(source.address), free: policy.maxFailures * 3 },
  ];
  return (await isTrusted(tx, email, source.address)) ? counters : [...counters, account];
}

/**
 * Under per-key locks: refuses the attempt with the seconds left to wait, or takes a failure
 * slot under each key before the password is checked (parallel guesses cannot all see the
 * count below the limit); a correct password then gives the slots back (`forgiveAttempt`).
 */
export async function takeAttempt(
  tx: Db,
  email: string,
  source: AttemptSource,
  policy: ThrottlePolicy,
  now = Date.now(),
): Promise<{ waitSeconds: number; slotIds: number[] }> {
  const lockNames = source.kind === "confirm" ? [confirmKey(source.userId)] : [accountKey(email)];
  if (source.kind === "sign-in" && source.address) lockNames.push(addressKey(source.address));
  // Always the account's lock before the address's, so two attempts never wait on each other in a circle.
  for (const name of lockNames)
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`keyward-throttle:${name}`}))`);

  const counters = await countersFor(tx, email, source, policy);
  const keys = counters.map((c) => c.key);
  const since = new Date(now - policy.windowMinutes * 60_000);
  await tx.delete(authFailures).where(and(inArray(authFailures.key, keys), lt(authFailures.at, since)));
  const rows = await tx
    .select({ key: authFailures.key, failures: sql<number>`count(*)::int`, last: sql<string>`max(${authFailures.at})` })
    .from(authFailures)
    .where(and(inArray(authFailures.key, keys), gt(authFailures.at, since)))
    .groupBy(authFailures.key);
  let waitMs = 0;
  for (const c of counters) {
    const row = rows.find((r) => r.key === c.key);
    if (!row) continue;
    const delay = delaySeconds(row.failures, c.free, policy.maxDelaySeconds) * 1000;
    waitMs = Math.max(waitMs, new Date(row.last).getTime() + delay - now);
  }
  if (waitMs > 0) return { waitSeconds: Math.ceil(waitMs / 1000), slotIds: [] };
  const slots = await tx
    .insert(authFailures)
    .values(keys.map((key) => ({ key, at: new Date(now) })))
    .returning({ id: authFailures.id });
  return { waitSeconds: 0, slotIds: slots.map((s) => s.id) };
}

/**
 * A correct password: the slots this attempt took are given back, the account's own counters
 * start over (not the address's earlier failures — one valid account must not wipe an address's
 * record of guessing at others), and the address is remembered as the account's.
 */
export async function forgiveAttempt(db: Db, email: string, source: AttemptSource, slotIds: number[]): Promise<void> {
  const accountKeys =
    source.kind === "confirm"
      ? [confirmKey(source.userId)]
      : [accountKey(email), ...(source.address ? [pairKey(email, source.address)] : [])];
  await db
    .delete(authFailures)
    .where(
      slotIds.length
        ? or(inArray(authFailures.key, accountKeys), inArray(authFailures.id, slotIds))
        : inArray(authFailures.key, accountKeys),
    );
  if (source.kind === "confirm") return;
  if (source.address)
    await db
      .insert(trustedSignIns)
      .values({ email, address: source.address })
      .onConflictDoUpdate({ target: [trustedSignIns.email, trustedSignIns.address], set: { at: sql`now()` } });
}

/** An admin's unlock: every delay on this account and its confirmations goes. Returns how many failures were cleared. */
export async function clearAccountThrottle(tx: Db, user: { id: string; email: string }): Promise<number> {
  const email = user.email.toLowerCase();
  const cleared = await tx
    .delete(authFailures)
    .where(
      or(
        eq(authFailures.key, accountKey(email)),
        like(authFailures.key, `${pairKey(email, "").replace(/[\\%_]/g, "\\$&")}%`),
        eq(authFailures.key, confirmKey(user.id)),
      ),
    )
    .returning({ id: authFailures.id });
  return cleared.length;
}

export function throttledMessage(waitSeconds: number): string {
  return `Too many attempts; try again in ${waitSeconds} second${waitSeconds === 1 ? "" : "s"}.`;
}
