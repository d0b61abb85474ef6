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
const auditCursorSchema = z.object({ before: optionalId, after: optionalId });

/** The sizes the viewer offers; a link with any other size falls back to the default. */
export const AUDIT_PAGE_SIZES = [25, 50, 100] as const;
type AuditPageSize = (typeof AUDIT_PAGE_SIZES)[number];
export const DEFAULT_AUDIT_PAGE_SIZE: AuditPageSize = 50;

const MAX_POSITION = 1_000_000;

/**
 * Where a page of the viewer stands: the keyset cursor (`before` / `after`: the one that runs
 * with the order goes forward, the other goes back), the page size, and `at`, how many events
 * come before this page, which the links carry so the page can say "Showing 51–100 of 320".
 */
export const auditPositionSchema = auditCursorSchema.extend({
  size: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return DEFAULT_AUDIT_PAGE_SIZE;
      const n = Number(v);
      if (!(AUDIT_PAGE_SIZES as readonly number[]).includes(n)) {
        ctx.addIssue({ code: "custom", message: `One of ${AUDIT_PAGE_SIZES.join(", ")} per page.` });
        return z.NEVER;
      }
      return n as AuditPageSize;
    }),
  at: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return 0;
      if (!/^\d{1,7}$/.test(v) || Number(v) > MAX_POSITION) {
        ctx.addIssue({ code: "custom", message: "Not a position in the log." });
        return z.NEVER;
      }
      return Number(v);
    }),
});

export type AuditPosition = z.infer<typeof auditPositionSchema>;

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
