import { log } from "@/lib/log";

/**
 * The audit chain's head, kept outside the database: after every append commits, the console
 * writes one log line `{"msg":"audit.head","id":…,"hash":…,"at":…}` on stdout. A superuser who
 * deletes the newest events, or rewrites the chain, cannot reach the log stream; `npm run
 * audit:verify -- --stream` compares the database with it. Each console instance logs its own
 * appends, so the verifier reads the union of the instances' streams.
 */
const HEAD_MESSAGE = "audit.head";

export interface ChainHead {
  id: number;
  hash: string;
  /** ISO time of the event. */
  at: string;
}

/** Logs the head an append left; called only once its transaction has committed. */
export function logChainHead(last: { id: number; hash: string; at: Date }): void {
  log.info({ id: last.id, hash: last.hash, at: last.at.toISOString() }, HEAD_MESSAGE);
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * The heads in a log stream: its audit.head JSON lines, whatever else the stream holds (other
 * JSON lines, plain text, a container runtime's prefix before the JSON). Lines that are not a
 * well-formed head are skipped; the count of those that named audit.head but were malformed is returned.
 */
export function headsIn(text: string): { heads: ChainHead[]; malformed: number } {
  const heads: ChainHead[] = [];
  let malformed = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.includes(`"${HEAD_MESSAGE}"`)) continue;
    const start = line.indexOf("{");
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(start));
    } catch {
      malformed++;
      continue;
    }
    const { msg, id, hash, at } = (parsed ?? {}) as Record<string, unknown>;
    if (msg !== HEAD_MESSAGE) continue;
    if (typeof id === "number" && Number.isSafeInteger(id) && id > 0 && typeof hash === "string" && HASH.test(hash)) {
      heads.push({ id, hash, at: typeof at === "string" ? at : "" });
    } else {
      malformed++;
    }
  }
  return { heads, malformed };
}
