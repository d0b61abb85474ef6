import { hkdfSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { EncryptJWT } from "jose";
import type { Account, NextAuthOptions, User } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { sessions, users } from "@/lib/db/schema";

// The session cookie end to end, as the console handles it: next-auth's jwt callback starts a
// session at sign-in and puts only its random id in the token; each request reads the cookie with
// next-auth's own decoder (currentCaller) and checks the session row; signing out ends the row,
// and from then on the very same cookie is refused.

const state = vi.hoisted(() => ({
  db: undefined as unknown as Db,
  jar: undefined as unknown as CookieJar,
  headers: new Headers(),
}));

class CookieJar {
  private readonly values = new Map<string, string>();
  constructor(entries: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(entries)) this.values.set(name, value);
  }
  get(name: string) {
    const value = this.values.get(name);
    return value === undefined ? undefined : { name, value };
  }
  getAll() {
    return [...this.values].map(([name, value]) => ({ name, value }));
  }
  has(name: string) {
    return this.values.has(name);
  }
  set(name: string, value: string) {
    if (value) this.values.set(name, value);
    else this.values.delete(name);
  }
  delete(name: string) {
    this.values.delete(name);
  }
}

vi.mock("next/headers", () => ({
  cookies: async () => state.jar,
  headers: async () => state.headers,
}));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));

const { authOptions, authSecret } = await import("./options");
const { currentCaller } = await import("./session");

const COOKIE = "next-auth.session-token";
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

type Callbacks = Required<NonNullable<NextAuthOptions["callbacks"]>>;
type Events = Required<NonNullable<NextAuthOptions["events"]>>;
const callbacks = () => authOptions().callbacks as Callbacks;
const events = () => authOptions().events as Events;

/** What next-auth does at a sign-in: the jwt callback with the user, then the token encoded into the cookie. */
async function signInWithNextAuth(userId: string, provider = "credentials"): Promise<{ token: JWT; cookie: string }> {
  const account = { provider, type: provider === "credentials" ? "credentials" : "oauth", providerAccountId: userId };
  const token = (await callbacks().jwt({
    token: {},
    user: { id: userId } as User,
    account: account as Account,
    trigger: "signIn",
  })) as JWT;
  return { token, cookie: await encode({ token, secret: authSecret(), maxAge: 8 * 3600 }) };
}

const as = (cookies: Record<string, string>) => {
  state.jar = new CookieJar(cookies);
  return currentCaller();
};

describe("the session cookie, through next-auth", () => {
  let handle: TestDatabase;
  let userId: string;

  beforeAll(async () => {
    handle = await databaseEngines()[0]!.open();
    state.db = handle.db;
    const [u] = await handle.db.insert(users).values({ email: "erin@example.com", name: "Erin" }).returning();
    userId = u!.id;
  });
  afterAll(() => handle?.close());

  it("a sign-in starts a session; the token carries only its random id, and the next request finds the caller", async () => {
    state.headers = new Headers({ "user-agent": CHROME, "x-forwarded-for": "203.0.113.9, 10.1.2.3" });
    const { token, cookie } = await signInWithNextAuth(userId);
    expect(Object.keys(token)).toEqual(["sid"]);
    const claims = await decode({ token: cookie, secret: authSecret() });
    expect(Object.keys(claims!).sort()).toEqual(["exp", "iat", "jti", "sid"]);
    expect(JSON.stringify(claims)).not.toContain(userId);

    const caller = await as({ [COOKIE]: cookie });
    expect(caller?.user.id).toBe(userId);
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.id, caller!.sessionId));
    expect(row).toMatchObject({ userId, method: "password", userAgent: CHROME, clientAddress: "10.1.2.3" });
    expect((await signInWithNextAuth(userId, "oidc")).token.sid).not.toBe(token.sid);
  });

  it("after signing out, the very same cookie is refused — by the console and by next-auth's session endpoint", async () => {
    const { token, cookie } = await signInWithNextAuth(userId);
    expect(await as({ [COOKIE]: cookie })).not.toBeNull();
    // next-auth's own /api/auth/session renews a live session's token…
    expect(await callbacks().jwt({ token, trigger: "update" } as Parameters<Callbacks["jwt"]>[0])).toEqual({
      sid: token.sid,
    });

    state.jar = new CookieJar({ [COOKIE]: cookie });
    await events().signOut({ token, session: undefined as never });
    expect(await as({ [COOKIE]: cookie })).toBeNull();
    // …and refuses an ended one (next-auth then clears the cookie and answers with no session).
    await expect(callbacks().jwt({ token, trigger: "update" } as Parameters<Callbacks["jwt"]>[0])).rejects.toThrow();
  });

  it("answers no caller for a missing, foreign, expired, altered or old-style token, and reads chunked cookies", async () => {
    const { token } = await signInWithNextAuth(userId);
    const valid = (maxAge = 3600, secret = authSecret(), claims: JWT = token) =>
      encode({ token: claims, secret, maxAge });
    expect(await as({})).toBeNull();
    expect(await as({ [COOKIE]: "" })).toBeNull();
    expect(await as({ [COOKIE]: "not.a.jwe.at.all" })).toBeNull();
    expect(await as({ [COOKIE]: await valid(3600, "another-secret-of-enough-length-0123456789") })).toBeNull();
    expect(await as({ [COOKIE]: await valid(-60) })).toBeNull();
    // next-auth allows 15 s of clock skew.
    expect(await as({ [COOKIE]: await valid(-5) })).not.toBeNull();
    const parts = (await valid()).split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(await as({ [COOKIE]: parts.join(".") })).toBeNull();
    // A cookie from before server-side sessions (the user id, no session) signs nobody in.
    expect(await as({ [COOKIE]: await valid(3600, authSecret(), { uid: userId }) })).toBeNull();
    expect(await as({ [COOKIE]: await valid(3600, authSecret(), { sid: 42 } as unknown as JWT) })).toBeNull();
    // The secure cookie name only counts when the console is on https.
    expect(await as({ [`__Secure-${COOKIE}`]: await valid() })).toBeNull();
    const whole = await valid();
    expect(await as({ [`${COOKIE}.1`]: whole.slice(100), [`${COOKIE}.0`]: whole.slice(0, 100) })).not.toBeNull();
    // A Bearer header is not a session.
    state.headers = new Headers({ authorization: `Bearer ${whole}` });
    expect(await as({})).toBeNull();
  });

  it("refuses a token wrapped with another algorithm, which next-auth never issues", async () => {
    const { token } = await signInWithNextAuth(userId);
    const key = new Uint8Array(hkdfSync("sha256", authSecret(), "", "NextAuth.js Generated Encryption Key", 32));
    const wrapped = await new EncryptJWT(token)
      .setProtectedHeader({ alg: "A256KW", enc: "A256GCM" })
      .setExpirationTime("1h")
      .encrypt(key);
    expect(await as({ [COOKIE]: wrapped })).toBeNull();
  });
});
