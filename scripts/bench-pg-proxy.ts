/**
 * A TCP proxy between a client and PostgreSQL that counts database round trips from the wire,
 * knowing nothing of the client: each frontend `Sync` ('S', the end of an extended-query
 * exchange: Parse/Bind/Execute…) and each simple `Query` ('Q') is one round trip, since the
 * client then waits for ReadyForQuery. `npm run bench:mint` puts it between the console and
 * PostgreSQL to count what one request costs in round trips.
 */
import net from "node:net";

/** Startup-phase request codes (no type byte): SSL and GSS encryption requests are followed by the real startup message. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/**
 * Reads a frontend byte stream in whatever chunks TCP delivers it and counts round trips.
 * The first message has no type byte (length, protocol code); every later one is a type byte
 * and a length that includes itself but not the type byte.
 */
export class FrontendCounter {
  /**
   * Called with the SQL text of each statement executed: at each Bind ('B') the text its Parse
   * gave that statement name (a prepared statement is parsed once per connection, then only bound),
   * and each simple Query. Parameter values are never read.
   */
  constructor(private readonly onStatement?: (sql: string) => void) {}
  private readonly prepared = new Map<string, string>();
  private buffered = Buffer.alloc(0);
  private startup = true;
  /** Bytes of the current message still to skip (its body may span many chunks). */
  private skip = 0;
  /** Extended-query exchanges (Sync) and simple queries (Query: node-postgres sends BEGIN and COMMIT this way). */
  syncs = 0;
  queries = 0;
  get roundTrips(): number {
    return this.syncs + this.queries;
  }

  push(chunk: Buffer): void {
    let data = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = Buffer.alloc(0);
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, data.length);
        this.skip -= n;
        data = data.subarray(n);
        if (this.skip > 0) return;
      }
      if (this.startup) {
        if (data.length < 8) break;
        const length = data.readInt32BE(0);
        const code = data.readInt32BE(4);
        // After an SSL or GSS request the client either upgrades (then nothing here is readable, and a
        // local bench never asks) or sends the startup message next; a cancel request is all its connection carries.
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) this.startup = false;
        this.skip = length;
        continue;
      }
      if (data.length < 5) break;
      const type = String.fromCharCode(data[0]!);
      const size = 1 + data.readInt32BE(1);
      if (this.onStatement && (type === "P" || type === "B" || type === "Q")) {
        // Names and text are needed whole: wait for the rest of the message.
        if (data.length < size) break;
        const body = data.subarray(5, size);
        const cstring = (at: number): [string, number] => {
          const end = body.indexOf(0, at);
          return [body.subarray(at, end).toString("utf8"), end + 1];
        };
        if (type === "P") {
          const [name, next] = cstring(0);
          this.prepared.set(name, cstring(next)[0]);
        } else if (type === "B") {
          const [, next] = cstring(0); // the portal
          const [name] = cstring(next);
          this.onStatement(this.prepared.get(name) ?? `(prepared statement "${name}")`);
        } else {
          this.onStatement(cstring(0)[0]);
        }
      }
      if (type === "S") this.syncs++;
      else if (type === "Q") this.queries++;
      this.skip = size;
    }
    this.buffered = Buffer.from(data);
  }
}

export interface RoundTripCount {
  syncs: number;
  queries: number;
  roundTrips: number;
}

export interface RoundTripProxy {
  port: number;
  /** Round trips counted so far over every connection, open or closed. */
  count(): number;
  /** The same, by kind. */
  counts(): RoundTripCount;
  /** Starts (or, with false, stops) recording the SQL text of every statement sent, and returns what was recorded since the last call. */
  record(on: boolean): string[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port unless given) and forwards every connection to `target`. */
export async function startRoundTripProxy(target: { host: string; port: number }, port = 0): Promise<RoundTripProxy> {
  const counters = new Set<FrontendCounter>();
  const closed = { syncs: 0, queries: 0 };
  let recording: string[] | null = null;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const counter = new FrontendCounter((sql) => recording?.push(sql));
    counters.add(counter);
    const upstream = net.connect(target.port, target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client).add(upstream);
    client.on("data", (chunk: Buffer) => {
      counter.push(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      if (counters.delete(counter)) {
        closed.syncs += counter.syncs;
        closed.queries += counter.queries;
      }
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  const counts = (): RoundTripCount => {
    let { syncs, queries } = closed;
    for (const c of counters) {
      syncs += c.syncs;
      queries += c.queries;
    }
    return { syncs, queries, roundTrips: syncs + queries };
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    count: () => counts().roundTrips,
    counts,
    record: (on) => {
      const recorded = recording ?? [];
      recording = on ? [] : null;
      return recorded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
