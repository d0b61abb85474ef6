import type { Db } from "@/lib/db/client";
import type { InventoryKey, KeyViewer } from "./list-keys";
import { listKeyPage } from "./list-keys";
import type { KeyListQuery } from "./list-query";

/** Rows per database round trip while streaming; each batch is one keyset page. */
export const EXPORT_BATCH = 500;

const COLUMNS: Array<[header: string, value: (k: InventoryKey) => string]> = [
  ["id", (k) => k.id],
  ["name", (k) => k.name],
  ["vendor", (k) => k.vendor],
  ["connection", (k) => k.connectionName],
  ["owner", (k) => k.issuedBy],
  ["approver", (k) => k.approvedBy ?? ""],
  ["scope", (k) => k.scope.join(" ")],
  ["status", (k) => k.status],
  ["issued_at", (k) => k.issuedAt],
  ["expires_at", (k) => k.expiresAt ?? ""],
  ["fingerprint_sha256", (k) => k.fingerprint],
  ["last_four", (k) => k.lastFour],
  ["vendor_key_id", (k) => k.vendorKeyId],
  // Empty where the vendor reports no last use (only Trend does): the key page says so in words.
  ["last_used_at", (k) => k.lastUsedAt ?? ""],
];

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR)
 * gets a leading apostrophe, so a key named "=HYPERLINK(…)" stays text when an auditor opens it.
 */
export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function csvRow(values: string[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

export const csvHeader = () => csvRow(COLUMNS.map(([h]) => h));
export const csvLine = (k: InventoryKey) => csvRow(COLUMNS.map(([, v]) => v(k)));

/**
 * The filtered view as CSV, read in keyset batches as the client pulls: memory stays flat
 * whatever the number of keys, and a slow download holds no transaction open. The first batch
 * is read before the stream exists, so a query that fails does so as an error answer, not as
 * a download cut off after its 200.
 */
export async function keysCsvStream(
  db: Db,
  teamId: string,
  viewer: KeyViewer,
  query: KeyListQuery,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const now = new Date();
  const batch = (cursor: string | undefined) =>
    listKeyPage(db, teamId, viewer, { ...query, cursor, limit: EXPORT_BATCH }, now);
  let page = await batch(undefined);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvHeader()));
      }
      if (page.keys.length) controller.enqueue(encoder.encode(page.keys.map(csvLine).join("")));
      if (!page.nextCursor) controller.close();
      else page = await batch(page.nextCursor);
    },
  });
}
