import { redirectLog } from "@/lib/log";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { users } from "@/lib/db/schema";
import { errorResponse, readBody } from "./http";
import { endpoint } from "./endpoint";

// The wrapper's own refusals (they come before any session is read) and what it logs when a
// handler fails unexpectedly.

const CONSOLE = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };
const echo = endpoint({ access: "team", permission: "team.read" }, async () => ({ ok: true }));

async function errorOf(
  res: Response,
): Promise<{ status: number; code: string; message: string; fields?: Record<string, string> }> {
  const body = (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  return { status: res.status, ...body.error };
}

describe("endpoint() refuses before reading a session", () => {
  it.each(["null", "not a url", "http://[", "file:///etc/passwd", "data:,x"])(
    "answers 403 to the Origin %j",
    async (origin) => {
      const req = new NextRequest(`${CONSOLE}/api/x`, { method: "POST", headers: { origin, host: "127.0.0.1:3000" } });
      const error = await errorOf(await echo(req, noParams));
      expect(error).toMatchObject({ status: 403, code: "cross_origin" });
    },
  );

  it("answers 422 naming a query parameter that holds a NUL character", async () => {
    const error = await errorOf(await echo(new NextRequest(`${CONSOLE}/api/keys?status=active&q=a%00b`), noParams));
    expect(error.status).toBe(422);
    expect(error.message).toContain('"q"');
    expect(error.fields?.q).toMatch(/NUL/);
  });

  it("answers 422 naming a path segment that holds a NUL character", async () => {
    const error = await errorOf(
      await echo(new NextRequest(`${CONSOLE}/api/keys/x`), { params: Promise.resolve({ id: "a\u0000" }) }),
    );
    expect(error).toMatchObject({ status: 422, fields: { id: expect.stringMatching(/NUL/) } });
  });
});

describe("readBody", () => {
  const schema = z.object({ name: z.string(), fields: z.record(z.string(), z.string()) });
  const post = (body: string) =>
    new NextRequest(`${CONSOLE}/api/x`, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("refuses a NUL byte or a lone surrogate with 422 naming the field, before the schema", async () => {
    for (const [body, field] of [
      [JSON.stringify({ name: "a\u0000", fields: {} }), "name"],
      ['{"name":"ok","fields":{"tag":"\\ud800"}}', "fields.tag"],
    ] as const) {
      const err = await readBody(post(body), schema).catch((e: unknown) => e);
      const error = await errorOf(errorResponse(err));
      expect(error.status).toBe(422);
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
      expect(error.message).toContain(`"${field}"`);
    }
  });

  it("passes well-formed text, emoji included, to the schema", async () => {
    expect(await readBody(post(JSON.stringify({ name: "🔑 ключ", fields: { tag: "x" } })), schema)).toEqual({
      name: "🔑 ключ",
      fields: { tag: "x" },
    });
  });
});

describe.each(databaseEngines())("unexpected database errors on $name are logged without their data", (engine) => {
  let handle: TestDatabase;
  const logged: string[] = [];
  const KNOWN = {
    email: "leak-check-7f3a@example.com",
    hash: "$argon2id$v=19$m=19456,t=2,p=1$bGVha2NoZWNrc2FsdA$kN0wNh4shV4lu3sKnownHashValue",
    cert: "-----BEGIN CERTIFICATE-----MIIBleakcheckKnownCertificate",
  };

  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(() => handle?.close());
  afterEach(() => {
    vi.restoreAllMocks();
    logged.length = 0;
  });

  async function logOf(failing: () => Promise<unknown>): Promise<string> {
    const err = await failing().then(
      () => {
        throw new Error("the statement was expected to fail");
      },
      (e: unknown) => e,
    );
    const restore = redirectLog({ write: (line) => void logged.push(line) });
    let res: Response;
    try {
      res = errorResponse(err);
    } finally {
      restore();
    }
    expect(res.status).toBe(500);
    const body = await res.text();
    for (const value of Object.values(KNOWN)) expect(body).not.toContain(value);
    return logged.join("\n");
  }

  it.each([
    [
      "a unique violation",
      (db: TestDatabase["db"]) =>
        db.insert(users).values([
          { email: KNOWN.email, name: "a", passwordHash: KNOWN.hash },
          { email: KNOWN.email, name: "b", passwordHash: KNOWN.hash },
        ]),
    ],
    [
      "a NUL byte in a parameter",
      (db: TestDatabase["db"]) =>
        db
          .select()
          .from(users)
          .where(eq(users.email, `${KNOWN.email}\u0000${KNOWN.hash}`)),
    ],
    ["a value of the wrong type", (db: TestDatabase["db"]) => db.execute(sql`select ${KNOWN.cert}::int`)],
  ])("%s", async (_, statement) => {
    const log = await logOf(() => statement(handle.db));
    expect(JSON.parse(log)).toMatchObject({
      level: "error",
      msg: "request failed",
      error: { name: expect.any(String) },
    });
    expect(log).toMatch(/"frames":\["at /);
    for (const value of Object.values(KNOWN)) expect(log).not.toContain(value);
    // Neither the statement nor its parameters: no SQL text, no quoted table, no parameter list.
    for (const part of [
      KNOWN.email.split("@")[0]!,
      "argon2id",
      "CERTIFICATE",
      "failed query",
      '"users"',
      "params:",
      "$1",
      "::int",
    ])
      expect(log.toLowerCase()).not.toContain(part.toLowerCase());
  });
});
