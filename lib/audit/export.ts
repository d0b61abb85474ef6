import type { AuditEventView } from "./queries";

/** The two export formats of the audit viewer: CSV for spreadsheets, JSON Lines for tools. */
export type AuditExportFormat = "csv" | "jsonl";

const CSV_COLUMNS = [
  "id",
  "at",
  "team_id",
  "actor_id",
  "actor_email",
  "action",
  "target_type",
  "target_id",
  "outcome",
  "detail",
  "prev_hash",
  "hash",
  "keyed",
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * A cell a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
 * is prefixed with ' first, so an actor e-mail or a detail cannot become a formula.
 */
export function csvCell(value: unknown): string {
  let s =
    value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\r\n`;
}

export function csvRow(e: AuditEventView): string {
  return `${[e.id, e.at, e.teamId, e.actorId, e.actorEmail, e.action, e.targetType, e.targetId, e.outcome, e.detail, e.prevHash, e.hash, e.keyed].map(csvCell).join(",")}\r\n`;
}

function jsonLine(e: AuditEventView): string {
  return `${JSON.stringify(e)}\n`;
}

/**
 * A byte stream of the events in `format`, pulling the next event only when the reader wants
 * more. The first event is read before the stream exists, so a query that fails does so as an
 * error answer, not as a download cut off after its 200.
 */
export async function auditExportStream(
  events: AsyncIterable<AuditEventView>,
  format: AuditExportFormat,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const iterator = events[Symbol.asyncIterator]();
  let pending: IteratorResult<AuditEventView> | undefined = await iterator.next();
  let headerSent = format !== "csv";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvHeader()));
        return;
      }
      // Up to 500 events per chunk: fewer, larger writes without holding much in memory.
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const { value, done } = pending ?? (await iterator.next());
        pending = undefined;
        if (done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += format === "csv" ? csvRow(value) : jsonLine(value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

export function exportFileName(format: AuditExportFormat, now = new Date()): string {
  return `keyward-audit-${now.toISOString().slice(0, 19).replace(/[:T]/g, "-")}.${format}`;
}
