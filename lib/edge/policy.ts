/**
 * What the proxy (proxy.ts) answers before any page or route runs: the Host check against
 * DNS rebinding, the Content-Security-Policy with its per-request nonce, and HSTS. Pure: no
 * settings are read here, so the rules are tested without a server.
 */

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The host name of a Host header or URL host, lower-cased, without its port. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] ?? "";
}

/**
 * The host names the console answers to: KEYWARD_URL's and the configured extra ones. A console
 * addressed by a loopback name answers to all loopback names (none of them can be rebound to
 * another machine). The port is not compared: rebinding changes the name, not the port.
 */
export function allowedHostNames(keywardUrl: string, extra: readonly string[]): Set<string> {
  const own = hostName(new URL(keywardUrl).host);
  const names = new Set([own, ...extra.map(hostName).filter(Boolean)]);
  if (LOOPBACK.has(own)) for (const name of LOOPBACK) names.add(name);
  return names;
}

export function hostAllowed(host: string | null, allowed: Set<string>): boolean {
  return host !== null && allowed.has(hostName(host));
}

/**
 * The policy for one page. Scripts run only with this request's nonce ('strict-dynamic' lets
 * Next's nonce-tagged loaders add the chunks they load); styles come from the console's own
 * stylesheets or a nonce-tagged tag. Development adds what `next dev` needs (eval for its
 * source maps, inline styles for its overlay).
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** Strict-Transport-Security for a console served over https; nothing over plain http (it would be ignored, and wrong). */
export function strictTransportSecurity(keywardUrl: string): string | null {
  return new URL(keywardUrl).protocol === "https:" ? "max-age=63072000; includeSubDomains" : null;
}
