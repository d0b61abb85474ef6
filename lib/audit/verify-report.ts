import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { recordAuditAlone } from "./record";
import { verifyAuditChain, type ChainFinding, type VerifyOptions } from "./verify";
import { listAuditEvents } from "./queries";

export interface ChainBreak {
  id: number;
  /** ISO time of the broken event, or null if its time was edited into nonsense. */
  at: string | null;
  reason: string;
  /** The event's action, only when the event is the asking team's own (the chain is global). */
  action?: string;
}

export type TeamChainReport = { ok: true; checked: number } | { ok: false; checked: number; break: ChainBreak };

interface ChainCounts {
  checked: number;
  keyed: number;
  plain: number;
  streamHeads: number;
}

/** The first break of the (global) chain with the broken event's time and action, and every finding, for the command line. */
export async function describeChainBreak(
  db: Db,
  options: VerifyOptions = {},
): Promise<
  ({ ok: true } & ChainCounts) | ({ ok: false; break: Required<ChainBreak>; findings: ChainFinding[] } & ChainCounts)
> {
  const report = await verifyAuditChain(db, options);
  if (report.ok) return report;
  const [row] = await db
    .select({ at: auditEvents.at, action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.id, report.brokenAt));
  const { brokenAt, reason, findings, ...counts } = report;
  return {
    ...counts,
    ok: false,
    findings,
    break: { id: brokenAt, at: row?.at.toISOString() ?? null, action: row?.action ?? "", reason },
  };
}

/**
 * Verifies the whole chain for one team's admin or auditor and records that they did.
 * The chain spans every team, so a break in another team's event is reported by id and
 * time only; its action and contents stay with that team.
 */
export async function verifyChainForTeam(
  db: Db,
  teamId: string,
  actor: { id: string; email: string },
): Promise<TeamChainReport> {
  const full = await describeChainBreak(db);
  let report: TeamChainReport;
  if (full.ok) {
    report = { ok: true, checked: full.checked };
  } else {
    const own = await listAuditEvents(db, teamId, { before: full.break.id + 1, limit: 1 });
    const visible = own[0]?.id === full.break.id;
    const { action, ...rest } = full.break;
    report = { ok: false, checked: full.checked, break: visible ? { ...rest, action } : rest };
  }
  await recordAuditAlone(db, {
    teamId,
    actor,
    action: "audit.verify",
    outcome: report.ok ? "success" : "failure",
    detail: report.ok ? { checked: report.checked } : { checked: report.checked, brokenAt: report.break.id },
  });
  return report;
}
