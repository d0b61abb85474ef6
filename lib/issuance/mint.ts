import "server-only";
import { recordAuditAlone, type AuditEventInput } from "@/lib/audit/record";
import { toVendorConnection } from "@/lib/connections/credentials";
import { failureOf, mintRequestOf, settleFailed } from "./attempts";
import { scopeNamesOf } from "./scope-names";
import type { Claimed, Minted } from "./types";

/** The `key.issue` audit event of an attempt, before its outcome is known. */
export function issueEvent(
  ctx: Claimed,
): Pick<AuditEventInput, "teamId" | "actor" | "action"> & { what: Record<string, unknown> } {
  const { request, connection, attempt } = ctx;
  return {
    teamId: ctx.issuer.team.id,
    actor: ctx.issuer.user,
    action: "key.issue",
    what: {
      name: request.name,
      connection: connection.name,
      vendor: connection.vendor,
      scope: request.scope,
      securityLevel: request.securityLevel ?? null,
      requestId: request.id,
      attemptId: attempt.id,
      vendorName: attempt.vendorName,
    },
  };
}

/**
 * Step 2, mint: the vendor call, under the name the attempt recorded. A vendor failure records
 * nothing but its audit event and the failed attempt, and releases the request for a retry.
 */
export async function mintKey(ctx: Claimed): Promise<Minted> {
  const progress = ctx.delivery?.progress;
  try {
    progress?.({
      step: "vendor_call",
      message: `Contacting ${ctx.connection.name}`,
    });
    const conn = toVendorConnection(ctx.connection);
    const minted = await ctx.adapter.mint(conn, mintRequestOf(ctx.request, ctx.attempt.vendorName), ctx.delivery ?? {});
    progress?.({ step: "key_created", message: "Key created on the vendor; recording it" });
    // The names the request was filed with (one vendor list per issue, not two); older requests' read now.
    const scopeNames = ctx.request.scopeNames ?? (await scopeNamesOf(ctx.adapter, conn, ctx.request.scope));
    return { ...ctx, minted, scopeNames };
  } catch (err) {
    await settleFailure(ctx, err, {});
    throw err;
  }
}

/** A failed attempt: its audit event (on the connection, since no key exists) and the attempt settled as failed. */
export async function settleFailure(
  ctx: Claimed,
  err: unknown,
  detail: Record<string, unknown>,
  failure = failureOf(err),
): Promise<void> {
  const { what, ...event } = issueEvent(ctx);
  await recordAuditAlone(ctx.db, {
    ...event,
    target: { type: "connection", id: ctx.connection.id },
    outcome: "failure",
    detail: { ...what, code: failure.code, message: failure.message, ...detail },
  }).catch(() => undefined);
  await settleFailed(ctx, failure).catch(() => undefined);
}
