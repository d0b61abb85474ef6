// The edge of every request: Host check (DNS rebinding), then the Content-Security-Policy with a
// per-request nonce and, on https, HSTS. Runs before any page or route handler.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { allowedHostNames, contentSecurityPolicy, hostAllowed, strictTransportSecurity } from "@/lib/edge/policy";

let cachedHosts: { from: string; names: Set<string> } | undefined;

function allowedHosts(): Set<string> {
  const { KEYWARD_URL, KEYWARD_ALLOWED_HOSTS } = env();
  const from = `${KEYWARD_URL} ${KEYWARD_ALLOWED_HOSTS.join(",")}`;
  if (cachedHosts?.from !== from) cachedHosts = { from, names: allowedHostNames(KEYWARD_URL, KEYWARD_ALLOWED_HOSTS) };
  return cachedHosts.names;
}

export function proxy(req: NextRequest): NextResponse {
  if (!hostAllowed(req.headers.get("host"), allowedHosts())) {
    return new NextResponse("Misdirected request: this host name is not configured for this console.\n", {
      status: 421,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  // Next reads the nonce from the request's policy and puts it on its own scripts.
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  const hsts = strictTransportSecurity(env().KEYWARD_URL);
  if (hsts) res.headers.set("strict-transport-security", hsts);
  return res;
}

export const config = {
  // Static chunks carry no policy of their own, but the Host check covers them too.
  matcher: "/:path*",
};
