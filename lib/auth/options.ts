import "server-only";
import { createHash } from "node:crypto";
import { headers } from "next/headers";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env, oidcSettings } from "@/lib/env";
import { log } from "@/lib/log";
import { textProblem } from "@/lib/validation/text";
import { getDb } from "@/lib/db";
import { checkLogin, INVALID_LOGIN } from "./login";
import { loginPolicy } from "./login-policy";
import { clientAddress } from "./client-address";
import { oidcProvider, oidcSignIn } from "./oidc-sign-in";
import { endSudo, stampSudo } from "./sudo";
import { safeCallbackPath } from "./callback-url";
import { hasSecondFactor } from "./factors/factors";
import { startPendingSignIn } from "./pending-sign-in";
import { completeSecondStep, SECOND_FACTOR_REQUIRED } from "./second-step";
import { clientFacts, endSessionBySecret, sessionIsLive, startSession, type SessionLifetimes } from "./sessions";

// Text the database cannot store is refused here, before any lookup: next-auth would show the
// error of a failed statement to the sign-in page.
const storable = (s: string) => textProblem(s) === null;
const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320).refine(storable),
  password: z.string().min(1).max(1024).refine(storable),
});

let cachedSecret: { from: string; secret: string } | undefined;

/** next-auth's secret. Separate from the credential-sealing key: both come from the one console secret. */
export function authSecret(): string {
  const from = env().KEYWARD_SECRET;
  if (cachedSecret?.from !== from)
    cachedSecret = { from, secret: createHash("sha256").update("keyward/next-auth/").update(from).digest("base64url") };
  return cachedSecret.secret;
}

/**
 * Whether next-auth names its cookies `__Secure-…`. Stated here rather than left to next-auth's
 * reading of NEXTAUTH_URL (which scripts/start.ts sets to KEYWARD_URL), so that the session
 * reader in session.ts looks for the very cookie next-auth sets.
 */
export function useSecureCookies(): boolean {
  return env().KEYWARD_URL.startsWith("https://");
}

/** How long a session may stay unused, and how long it may last at all (lib/env.ts). */
export function sessionLifetimes(): SessionLifetimes {
  const e = env();
  return { idleMinutes: e.KEYWARD_SESSION_IDLE_MINUTES, maxHours: e.KEYWARD_SESSION_MAX_HOURS };
}

export function authOptions(): NextAuthOptions {
  const sso = oidcSettings();
  return {
    secret: authSecret(),
    useSecureCookies: useSecureCookies(),
    // The cookie lives as long as a session may (the sessions table decides whether it still counts).
    session: { strategy: "jwt", maxAge: sessionLifetimes().maxHours * 60 * 60 },
    // Errors (a refused SSO sign-in) are shown on the sign-in page rather than next-auth's own.
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Keyward account",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          // The second step: the pending cookie of a right password plus a verified factor.
          if (raw && (raw as Record<string, unknown>).step === "second-factor") {
            const user = await completeSecondStep(raw);
            await stampSudo(user.id);
            return user;
          }
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) throw new Error(INVALID_LOGIN);
          // next-auth hands the request's headers as a plain object (lib/auth/client-address.ts).
          const address = clientAddress(req.headers ?? {}, env().KEYWARD_TRUSTED_PROXY);
          const outcome = await checkLogin(await getDb(), parsed.data.email, parsed.data.password, loginPolicy(), {
            kind: "sign-in",
            address,
          });
          // next-auth hands this message to the sign-in page as `error`.
          if (!outcome.ok) throw new Error(outcome.message);
          // With a second factor the password alone does not sign in: the form asks for the factor.
          if (await hasSecondFactor(await getDb(), outcome.user.id)) {
            await startPendingSignIn(outcome.user.id);
            throw new Error(SECOND_FACTOR_REQUIRED);
          }
          // The password was just given: the sudo window opens with the session.
          await stampSudo(outcome.user.id);
          return outcome.user;
        },
      }),
      ...(sso ? [oidcProvider(sso)] : []),
    ],
    // next-auth's own logger prints error objects with their messages (a refused token's details
    // among them): only the code goes to the console's log.
    logger: {
      error: (code) => log.warn({ code }, "next-auth refused a request"),
      warn: (code) => log.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    events: {
      async signOut({ token }) {
        await endSudo();
        if (typeof token?.sid === "string") await endSessionBySecret(await getDb(), token.sid, "sign_out");
      },
    },
    callbacks: {
      // The same rule as the sign-in form: only the console's own origin.
      redirect: ({ url }) => new URL(safeCallbackPath(url, env().KEYWARD_URL), env().KEYWARD_URL).href,
      signIn: ({ user, account, profile }) => oidcSignIn(user, account, profile),
      async jwt({ token, user, account }) {
        // A sign-in (password or SSO) starts a server-side session; the cookie carries only its
        // random id. Who the user is, and whether the session still counts, is read per request.
        if (user) {
          const sid = await startSession(await getDb(), {
            userId: user.id,
            method: account?.provider === "credentials" ? "password" : "sso",
            lifetimes: sessionLifetimes(),
            ...clientFacts(await headers()),
          });
          return { sid };
        }
        // next-auth's own session endpoint (/api/auth/session) renews the cookie: not for a session
        // that has ended. Throwing makes next-auth clear the cookie and answer with no session.
        if (typeof token.sid !== "string" || !(await sessionIsLive(await getDb(), token.sid, sessionLifetimes())))
          throw new Error("The session has ended.");
        return { sid: token.sid };
      },
    },
  };
}
