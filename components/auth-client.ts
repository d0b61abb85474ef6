// The three calls the browser makes to next-auth's own endpoints (/api/auth/*), in place of
// next-auth/react: that module weighs 9 kB gzipped on every page for what is a few fetches.
// Same requests, same answers: the server side (lib/auth/options.ts) is untouched.

const BASE = "/api/auth";

async function csrfToken(): Promise<string> {
  const res = await fetch(`${BASE}/csrf`, { cache: "no-store" });
  const body = (await res.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new Error("No CSRF token from the sign-in service.");
  return body.csrfToken;
}

/** POSTs a form to next-auth as its own client does (`json: true` makes it answer `{url}` instead of redirecting). */
async function post(path: string, fields: Record<string, string>): Promise<{ res: Response; url: string | null }> {
  const res = await fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  return { res, url: body.url ?? null };
}

function go(url: string): void {
  window.location.href = url;
  // A URL that differs only by its hash does not load a page.
  if (url.includes("#")) window.location.reload();
}

/** The outcome of a credentials sign-in; `error` is next-auth's code or the message `authorize` threw. */
export interface SignInResult {
  ok: boolean;
  error: string | null;
}

/** Signs in with the credentials provider without leaving the page (the caller navigates). */
export async function signInWithCredentials(fields: Record<string, string>): Promise<SignInResult> {
  const { res, url } = await post("/callback/credentials", { ...fields, callbackUrl: window.location.href });
  const error = url ? new URL(url, window.location.href).searchParams.get("error") : "CredentialsSignin";
  return { ok: res.ok && !error, error };
}

/** Starts the OpenID Connect sign-in: the browser goes to the provider. */
export async function signInWithSso(callbackUrl: string, authorizationParams?: Record<string, string>): Promise<void> {
  const query = authorizationParams ? `?${new URLSearchParams(authorizationParams)}` : "";
  const { url } = await post(`/signin/oidc${query}`, { callbackUrl });
  go(url ?? callbackUrl);
}

/** Ends the server-side session (next-auth's signOut event, lib/auth/options.ts) and goes to `callbackUrl`. */
export async function signOut(callbackUrl = "/login"): Promise<void> {
  const { url } = await post("/signout", { callbackUrl });
  go(url ?? callbackUrl);
}
