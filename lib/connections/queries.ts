import { and, asc, eq } from "drizzle-orm";
import { uuidOrNotFound } from "@/lib/ids";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export type ConnectionRow = typeof connections.$inferSelect;

/** What a browser may see of a connection: never the credentials, only which are set. */
export interface ConnectionView {
  id: string;
  vendor: string;
  name: string;
  baseUrl: string;
  tlsMode: ConnectionRow["tlsMode"];
  tlsCaPem: string | null;
  tlsFingerprint: string | null;
  settings: Record<string, string>;
  secretsSet: string[];
  lastTestAt: string | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  lastTestFacts: Array<{ label: string; value: string }>;
  createdAt: string;
}

export function toConnectionView(row: ConnectionRow, secretNames: string[]): ConnectionView {
  return {
    id: row.id,
    vendor: row.vendor,
    name: row.name,
    baseUrl: row.baseUrl,
    tlsMode: row.tlsMode,
    tlsCaPem: row.tlsCaPem,
    tlsFingerprint: row.tlsFingerprint,
    settings: row.settings,
    secretsSet: secretNames,
    lastTestAt: row.lastTestAt?.toISOString() ?? null,
    lastTestOk: row.lastTestOk,
    lastTestMessage: row.lastTestMessage,
    lastTestFacts: row.lastTestFacts ?? [],
    createdAt: row.createdAt.toISOString(),
  };
}

export function listConnectionRows(db: Db, teamId: string): Promise<ConnectionRow[]> {
  return db.select().from(connections).where(eq(connections.teamId, teamId)).orderBy(asc(connections.name));
}

/** Another team's connection answers exactly like a missing one. */
export async function getConnectionRow(db: Db, teamId: string, id: string): Promise<ConnectionRow> {
  uuidOrNotFound(id, "The connection");
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.teamId, teamId), eq(connections.id, id)))
    .limit(1);
  if (!row) throw notFound("The connection");
  return row;
}
