import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { passkeys, recoveryCodes, totpFactors } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { issueRecoveryCodes, recoveryCodesLeft } from "./recovery-codes";

type User = { id: string; email: string };

export interface FactorCount {
  passkeys: number;
  totp: boolean;
}

export async function factorsOf(db: Db, userId: string): Promise<FactorCount> {
  const [row] = await db
    .select({
      passkeys: sql<number>`(select count(*)::int from ${passkeys} where ${passkeys.userId} = ${userId})`,
      totp: sql<boolean>`exists (select 1 from ${totpFactors} where ${totpFactors.userId} = ${userId} and ${totpFactors.confirmedAt} is not null)`,
    })
    .from(sql`(select 1) as one`);
  return { passkeys: row?.passkeys ?? 0, totp: row?.totp ?? false };
}

export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const f = await factorsOf(db, userId);
  return f.passkeys > 0 || f.totp;
}

/** SQL for "this user has a second factor", for queries that read it beside other things. */
export const hasSecondFactorSql = (userIdColumn: unknown) =>
  sql<boolean>`(exists (select 1 from ${passkeys} where ${passkeys.userId} = ${userIdColumn}) or exists (select 1 from ${totpFactors} where ${totpFactors.userId} = ${userIdColumn} and ${totpFactors.confirmedAt} is not null))`;

/**
 * Inside the transaction that adds a factor (already written): records it and, when it is the
 * user's only factor, issues the recovery codes to show once.
 */
export async function afterFactorAdded(
  tx: Db,
  user: User,
  detail: { factor: "totp" | "passkey"; name?: string },
): Promise<string[] | null> {
  await recordAudit(tx, {
    actor: user,
    action: "account.factor.enrol",
    target: { type: "user", id: user.id },
    outcome: "success",
    detail,
  });
  const f = await factorsOf(tx, user.id);
  if (f.passkeys + (f.totp ? 1 : 0) !== 1) return null;
  return issueRecoveryCodes(tx, user);
}

/** Inside the transaction that removed a factor: records it; with no factor left, the recovery codes go too. */
export async function afterFactorRemoved(
  tx: Db,
  user: User,
  detail: { factor: "totp" | "passkey"; name?: string },
): Promise<void> {
  const f = await factorsOf(tx, user.id);
  const none = f.passkeys === 0 && !f.totp;
  if (none) await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
  await recordAudit(tx, {
    actor: user,
    action: "account.factor.remove",
    target: { type: "user", id: user.id },
    outcome: "success",
    detail: { ...detail, secondFactorLeft: !none },
  });
}

/** What the security page shows. */
export async function securitySummary(db: Db, userId: string) {
  const [keys, totp, left] = await Promise.all([
    db
      .select({
        id: passkeys.id,
        name: passkeys.name,
        createdAt: passkeys.createdAt,
        lastUsedAt: passkeys.lastUsedAt,
      })
      .from(passkeys)
      .where(eq(passkeys.userId, userId))
      .orderBy(passkeys.createdAt),
    db
      .select({ confirmedAt: totpFactors.confirmedAt })
      .from(totpFactors)
      .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt))),
    recoveryCodesLeft(db, userId),
  ]);
  return {
    passkeys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    })),
    totp: totp[0]?.confirmedAt ? { since: totp[0].confirmedAt.toISOString() } : null,
    recoveryCodesLeft: left,
  };
}
