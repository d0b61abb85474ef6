import { describe, expect, it } from "vitest";
import { FrontendCounter, startRoundTripProxy } from "./bench-pg-proxy";

// The bench's round-trip count is only as good as this parser: it must count Sync and Query
// messages and nothing else, however TCP splits the stream.

const message = (type: string, body: Buffer = Buffer.alloc(0)) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
};
const startup = (code: number, rest: Buffer = Buffer.alloc(0)) => {
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + rest.length, 0);
  head.writeInt32BE(code, 4);
  return Buffer.concat([head, rest]);
};
// SQL that contains the bytes 'S' and 'Q', so a parser that scans for type bytes would miscount.
const tricky = "select 'SQ' as \"Q\", $1::text -- S";
/** A Parse body: statement name, query, no parameter types. */
const parse = (name: string, query: string) =>
  Buffer.concat([Buffer.from(`${name}\0${query}\0`, "latin1"), Buffer.alloc(2)]);
/** A Bind body: portal, statement name, then formats and values (here bytes that look like message types). */
const bind = (statement: string, rest = 300) =>
  Buffer.concat([Buffer.from(`\0${statement}\0`, "latin1"), Buffer.alloc(rest, 0x53)]);

/** An SSL request, the startup message, a simple query and three extended-query exchanges (one sending Flush, not counted; one re-using a prepared statement). */
const stream = Buffer.concat([
  startup(80877103),
  startup(196608, Buffer.from("user\0postgres\0database\0x\0\0", "latin1")),
  message("Q", Buffer.from("begin\0")),
  message("P", parse("", tricky)),
  message("B", bind("")),
  message("D", Buffer.from("P\0")),
  message("E", Buffer.alloc(5)),
  message("S"),
  message("P", parse("s1", tricky)),
  message("H"),
  message("B", bind("s1", 10)),
  message("E", Buffer.alloc(5)),
  message("S"),
  // The prepared statement again: bound, not parsed.
  message("B", bind("s1", 4)),
  message("E", Buffer.alloc(5)),
  message("S"),
  message("X"),
]);

describe("FrontendCounter", () => {
  it("counts Sync and Query messages in one chunk", () => {
    const c = new FrontendCounter();
    c.push(stream);
    expect({ syncs: c.syncs, queries: c.queries, roundTrips: c.roundTrips }).toEqual({
      syncs: 3,
      queries: 1,
      roundTrips: 4,
    });
  });

  it("hands over the SQL of each Parse and Query, whole, however the stream is split", () => {
    for (const at of [1, 9, 40, 60, 100, stream.length - 3]) {
      const seen: string[] = [];
      const c = new FrontendCounter((sql) => seen.push(sql));
      c.push(stream.subarray(0, at));
      c.push(stream.subarray(at));
      expect(seen, `split at ${at}`).toEqual(["begin", tricky, tricky, tricky]);
      expect(c.roundTrips).toBe(4);
    }
  });

  it("counts the same however the stream is split", () => {
    for (let at = 1; at < stream.length; at++) {
      const c = new FrontendCounter();
      c.push(stream.subarray(0, at));
      c.push(stream.subarray(at));
      expect(c.roundTrips, `split at ${at}`).toBe(4);
    }
    const bytewise = new FrontendCounter();
    for (let i = 0; i < stream.length; i++) bytewise.push(stream.subarray(i, i + 1));
    expect(bytewise.roundTrips).toBe(4);
  });
});

const server = process.env.TEST_DATABASE_URL;

describe.skipIf(!server)("round-trip proxy in front of PostgreSQL", () => {
  it("counts what node-postgres sends: one per simple query, one per parameterised query", async () => {
    const { Client } = await import("pg");
    const target = new URL(server!);
    const proxy = await startRoundTripProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(server!);
    url.host = `127.0.0.1:${proxy.port}`;
    const client = new Client({ connectionString: url.toString() });
    try {
      await client.connect();
      const before = proxy.count();
      const kinds = proxy.counts();
      await client.query("begin");
      const { rows } = await client.query<{ n: number }>("select $1::int + 1 as n", [41]);
      await client.query({ name: "bench-proxy-test", text: "select $1::text as t", values: ["prepared"] });
      await client.query({ name: "bench-proxy-test", text: "select $1::text as t", values: ["again"] });
      await client.query("commit");
      expect(rows[0]!.n).toBe(42);
      expect(proxy.count() - before).toBe(5);
      // begin and commit go as simple queries, the parameterised ones as Parse/Bind/Execute/Sync.
      expect(proxy.counts()).toEqual({
        queries: kinds.queries + 2,
        syncs: kinds.syncs + 3,
        roundTrips: kinds.roundTrips + 5,
      });
      await client.query("select 1");
      expect(proxy.count() - before).toBe(6);
      proxy.record(true);
      await client.query("select $1::int as n", [7]);
      await client.query({ name: "bench-proxy-test", text: "select $1::text as t", values: ["bound only"] });
      expect(proxy.record(false)).toEqual(["select $1::int as n", "select $1::text as t"]);
    } finally {
      await client.end();
      await proxy.close();
    }
  });
});
