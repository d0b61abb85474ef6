import { hkdfSync, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { EncryptJWT } from "jose";
import type { AuthOptions } from "next-auth";
import { encode } from "next-auth/jwt";
import { authOptions, authSecret } from "./options";
import { sessionCookieName, sessionTokenFrom, sessionUserId } from "./session-token";

// The session reader must answer exactly what next-auth's getServerSession answers, token for token.

process.env.KEYWARD_SECRET ??= "keyward-test-secret-0123456789-abcdefghij";

// getServerSession's core: next-auth does not export it, so it is loaded by file (the code the console runs).
type SessionAction = (p: {
  options: AuthOptions;
  req: { action: "session"; method: "GET"; cookies: Record<string, string>; headers: Record<string, string> };
}) => Promise<{ body?: unknown }>;
const { AuthHandler } = createRequire(require.resolve("next-auth/jwt"))("../core/index.js") as {
  AuthHandler: SessionAction;
};

const COOKIE = sessionCookieName(false);
const quiet = { error() {}, warn() {}, debug() {} };

/** What getServerSession does for a route handler: next-auth's own session action on the request's cookies. */
async function nextAuthUserId(cookies: Record<string, string>): Promise<string | null> {
  const res = await AuthHandler({
    options: { ...authOptions(), providers: [], logger: quiet },
    req: { action: "session", method: "GET", cookies, headers: {} },
  });
  const body = res.body as { user?: { id?: unknown } } | undefined;
  return typeof body?.user?.id === "string" ? body.user.id : null;
}

async function ourUserId(cookies: Record<string, string>): Promise<string | null> {
  return sessionUserId(
    sessionTokenFrom(
      Object.entries(cookies).map(([name, value]) => ({ name, value })),
      COOKIE,
    ),
    authSecret(),
  );
}

const uid = randomUUID();
const token = (claims: Record<string, unknown>, maxAge = 8 * 3600, secret = authSecret()) =>
  encode({ token: claims, secret, maxAge });

describe("session reader vs next-auth's getServerSession", () => {
  const cases: Array<[string, () => Promise<Record<string, string>>, string | null]> = [
    ["a valid session", async () => ({ [COOKIE]: await token({ uid }) }), uid],
    ["no cookie", async () => ({}), null],
    ["an empty cookie", async () => ({ [COOKIE]: "" }), null],
    [
      "another secret",
      async () => ({ [COOKIE]: await token({ uid }, 3600, "another-secret-of-enough-length-0123456789") }),
      null,
    ],
    ["a token expired a minute ago", async () => ({ [COOKIE]: await token({ uid }, -60) }), null],
    [
      "a token expired 5 s ago (within the 15 s clock tolerance)",
      async () => ({ [COOKIE]: await token({ uid }, -5) }),
      uid,
    ],
    [
      "an altered token",
      async () => {
        const t = await token({ uid });
        const parts = t.split(".");
        parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
        return { [COOKIE]: parts.join(".") };
      },
      null,
    ],
    ["garbage", async () => ({ [COOKIE]: "not.a.jwe.at.all" }), null],
    ["a token without uid", async () => ({ [COOKIE]: await token({ sub: uid }) }), null],
    ["a token whose uid is not text", async () => ({ [COOKIE]: await token({ uid: 42 }) }), null],
    [
      "the session split into chunks, out of order",
      async () => {
        const t = await token({ uid });
        return { [`${COOKIE}.1`]: t.slice(100), [`${COOKIE}.0`]: t.slice(0, 100) };
      },
      uid,
    ],
    [
      "only the secure cookie name (the console is on http)",
      async () => ({ [sessionCookieName(true)]: await token({ uid }) }),
      null,
    ],
  ];

  it.each(cases)("%s", async (_what, cookies, expected) => {
    const jar = await cookies();
    expect(await nextAuthUserId(jar)).toBe(expected);
    expect(await ourUserId(jar)).toBe(expected);
  });

  it("refuses a token wrapped with another algorithm, which next-auth never issues", async () => {
    const key = new Uint8Array(hkdfSync("sha256", authSecret(), "", "NextAuth.js Generated Encryption Key", 32));
    const wrapped = await new EncryptJWT({ uid })
      .setProtectedHeader({ alg: "A256KW", enc: "A256GCM" })
      .setExpirationTime("1h")
      .encrypt(key);
    expect(await ourUserId({ [COOKIE]: wrapped })).toBeNull();
  });
});
