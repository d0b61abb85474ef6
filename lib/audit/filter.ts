import { z } from "zod";
import { storableString } from "@/lib/validation/zod-text";

/**
 * The audit viewer's filters, as they travel in a URL (page, GET /api/audit, the exports),
 * parsed by one schema so every entry point reads them the same way.
 */

/** Actions the console records today; the viewer offers them in a select (any other still filters by URL). */
export const KNOWN_AUDIT_ACTIONS = [
  "auth.login",
  "team.create",
  "connection.create",
  "connection.update",
  "connection.test",
  "key.issue",
  "audit.verify",
] as const;

const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;

const optionalText = (max: number) =>
  storableString()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

const optionalTime = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a date and time." });
      return z.NEVER;
    }
    // JavaScript reads six-digit years ("+012167-06-15…"); the database cannot store them.
    const year = d.getUTCFullYear();
    if (year < 1 || year > 9999) {
      ctx.addIssue({ code: "custom", message: "Enter a date between the years 1 and 9999." });
      return z.NEVER;
    }
    return d;
  });

const optionalId = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    if (!/^\d{1,18}$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "Not an event id." });
      return z.NEVER;
    }
    return Number(v);
  });

export const auditFilterSchema = z.object({
  /** The actor's e-mail, matched exactly (case-insensitively: e-mails are stored lower-case). */
  actor: optionalText(320).transform((v) => v?.toLowerCase()),
  action: optionalText(100),
  targetType: optionalText(50),
  targetId: optionalText(200),
  outcome: z
    .enum(AUDIT_OUTCOMES)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** ISO instants: the browser converts the user's local time before it puts them in the URL. */
  from: optionalTime,
  to: optionalTime,
  order: z
    .enum(["newest", "oldest"])
    .optional()
    .or(z.literal("").transform(() => undefined))
    .transform((v) => v ?? "newest"),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Keyset position: `before` (newest first) or `after` (oldest first), an event id. */
export const auditCursorSchema = z.object({ before: optionalId, after: optionalId });

/** Reads the filters from URL search parameters (a page's searchParams or a request's URL). */
export function parseAuditFilter(params: URLSearchParams): AuditFilter {
  return auditFilterSchema.parse(Object.fromEntries(params));
}

export function parseAuditCursor(params: URLSearchParams): { before?: number; after?: number } {
  return auditCursorSchema.parse({
    before: params.get("before") ?? undefined,
    after: params.get("after") ?? undefined,
  });
}

/** The filters back as URL parameters (for "older events" links and export links). */
export function auditFilterParams(filter: AuditFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (filter.actor) p.set("actor", filter.actor);
  if (filter.action) p.set("action", filter.action);
  if (filter.targetType) p.set("targetType", filter.targetType);
  if (filter.targetId) p.set("targetId", filter.targetId);
  if (filter.outcome) p.set("outcome", filter.outcome);
  if (filter.from) p.set("from", filter.from.toISOString());
  if (filter.to) p.set("to", filter.to.toISOString());
  if (filter.order !== "newest") p.set("order", filter.order);
  return p;
}
