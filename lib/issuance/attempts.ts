import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { issueAttempts, keyRequests, keys } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ConnectionRow } from "@/lib/connections/queries";
import type { RequestRow } from "@/lib/requests/rows";
import type { MintRequest, VendorAdapter } from "@/lib/vendors/types";
import type { AttemptRow, Claimed } from "./types";

/**
 * Issuing attempts: the intent written before the vendor call and settled after it. What the
 * pipeline needs (a new attempt's row, settling a failure, the claim's explanation, the
 * Idempotency-Key's earlier outcome) and the query a recovery sweep starts from.
 */

/** The mint request a request asks for, with the vendor-side name its attempt chose. */
type Asked = Pick<RequestRow, "id" | "name" | "scope" | "securityLevel" | "expiresAt" | "fields">;

export function mintRequestOf(request: Asked, vendorKeyName?: string | null): MintRequest {
  return {
    name: request.name,
    scope: request.scope,
    securityLevel: request.securityLevel ?? undefined,
    expiresAt: request.expiresAt ?? undefined,
    fields: request.fields,
    ...(vendorKeyName ? { vendorKeyName } : {}),
  };
}

/**
 * A new attempt's row, complete, before it is written (it is written inside the statement that
 * files or claims the request, so nothing reads it back). Its vendor-side name carries a tag
 * unique to this attempt, where the vendor lets Keyward choose the name.
 */
export function newAttempt(input: {
  issuer: Actor;
  request: Asked;
  connection: ConnectionRow;
  adapter: VendorAdapter;
  idempotencyKey?: string;
}): AttemptRow {
  const tag = randomBytes(8).toString("hex");
  const vendorName = input.adapter.vendorKeyName?.(mintRequestOf(input.request), tag) ?? null;
  return {
    id: randomUUID(),
    teamId: input.issuer.team.id,
    requestId: input.request.id,
    connectionId: input.connection.id,
    userId: input.issuer.user.id,
    vendorName,
    status: "minting",
    keyId: null,
    failureCode: null,
    failureMessage: null,
    idempotencyKey: input.idempotencyKey ?? null,
    startedAt: new Date(),
    settledAt: null,
    retiredByHandAt: null,
    retiredByHandBy: null,
  };
}

export const IDEMPOTENCY_INDEX = "issue_attempts_idempotency_idx";

/**
 * After a failed vendor call or record: the attempt is marked failed with what the caller was
 * told, and the request's claim is released so it can be retried — one statement.
 */
export async function settleFailed(
  ctx: Pick<Claimed, "db" | "attempt" | "request">,
  failure: { code: string; message: string },
): Promise<void> {
  const { db } = ctx;
  const release = db.$with("release").as(
    db
      .update(keyRequests)
      .set({ issuingSince: null })
      .where(and(eq(keyRequests.id, ctx.request.id), eq(keyRequests.status, "approved")))
      .returning({ id: keyRequests.id }),
  );
  await db
    .with(release)
    .update(issueAttempts)
    .set({ status: "failed", failureCode: failure.code, failureMessage: failure.message, settledAt: sql`now()` })
    .where(and(eq(issueAttempts.id, ctx.attempt.id), eq(issueAttempts.status, "minting")));
}

export function failureOf(err: unknown): { code: string; message: string } {
  return err instanceof AppError
    ? { code: err.code, message: err.message }
    : { code: "internal", message: "unexpected error" };
}

/**
 * Attempts still "minting" that started more than `olderThanMs` before `now` (the database's
 * clock unless given — the job runner passes its own): their console died (or hangs) between the
 * vendor call and the record. The recovery sweep (recover.ts) settles these, finding any key they
 * left on the vendor by `vendorName`.
 */
export function staleAttempts(
  db: Db,
  olderThanMs: number,
  options: { now?: Date; limit?: number } = {},
): Promise<AttemptRow[]> {
  const now = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  return db
    .select()
    .from(issueAttempts)
    .where(
      and(
        eq(issueAttempts.status, "minting"),
        lt(issueAttempts.startedAt, sql`${now} - ${olderThanMs} * interval '1 millisecond'`),
      ),
    )
    .orderBy(asc(issueAttempts.startedAt))
    .limit(options.limit ?? 100);
}

/** The latest attempt of a request that has not settled, if any. */
export async function unsettledAttempt(db: Db, requestId: string): Promise<AttemptRow | undefined> {
  const [row] = await db
    .select()
    .from(issueAttempts)
    .where(and(eq(issueAttempts.requestId, requestId), eq(issueAttempts.status, "minting")))
    .orderBy(desc(issueAttempts.startedAt))
    .limit(1);
  return row;
}

/** The request's undelivered attempt that no admin has confirmed retired yet, if any. */
export async function undeliveredAttempt(db: Db, requestId: string): Promise<AttemptRow | undefined> {
  const [row] = await db
    .select()
    .from(issueAttempts)
    .where(
      and(
        eq(issueAttempts.requestId, requestId),
        eq(issueAttempts.status, "undelivered"),
        isNull(issueAttempts.retiredByHandAt),
      ),
    )
    .limit(1);
  return row;
}

/** What the first submission with an Idempotency-Key came to, as a repeat of it is told. */
interface SubmissionOutcome {
  status: "issuing" | "issued" | "failed";
  requestId: string;
  keyId: string | null;
}

/**
 * A repeated submission (the same Idempotency-Key from the same user in the same team): 409,
 * with the first one's outcome and never its secret, which only the first answer carried.
 */
export async function duplicateSubmission(db: Db, issuer: Actor, idempotencyKey: string): Promise<AppError> {
  const [first] = await db
    .select({ attempt: issueAttempts, keyName: keys.name })
    .from(issueAttempts)
    .leftJoin(keys, eq(keys.id, issueAttempts.keyId))
    .where(
      and(
        eq(issueAttempts.teamId, issuer.team.id),
        eq(issueAttempts.userId, issuer.user.id),
        eq(issueAttempts.idempotencyKey, idempotencyKey),
      ),
    )
    .limit(1);
  if (!first)
    return new AppError(
      "duplicate_submission",
      409,
      "This submission was already received. Reload the page to see its outcome.",
    );
  const a = first.attempt;
  const status: SubmissionOutcome["status"] =
    a.status === "recorded" ? "issued" : a.status === "minting" ? "issuing" : "failed";
  const outcome: SubmissionOutcome = { status, requestId: a.requestId, keyId: a.keyId };
  const message =
    status === "issued"
      ? `This submission already issued the key “${first.keyName ?? a.keyId}”. Its secret was shown once, in the answer to the first submission, and cannot be shown again.`
      : status === "failed"
        ? `This submission already failed: ${a.failureMessage ?? "the vendor call did not succeed"} Submit the form again to retry.`
        : "This submission is already being issued; its key and secret go to the first submission's answer only.";
  return new AppError("duplicate_submission", 409, message, undefined, { outcome });
}

/** An Idempotency-Key header: any printable ASCII token up to 255 characters (a UUID from the forms). */
export function parseIdempotencyKey(header: string | null): string | undefined {
  if (header === null) return undefined;
  const key = header.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    throw new AppError(
      "bad_idempotency_key",
      400,
      "The Idempotency-Key header must be 1 to 255 printable characters without spaces, such as a UUID.",
    );
  return key;
}
