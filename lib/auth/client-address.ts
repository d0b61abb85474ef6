import { isIP } from "node:net";

/** Set by scripts/client-address.mjs on every request `npm start` serves: the socket's address. */
const SOCKET_HEADER = "x-keyward-client-address";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) is 10.0.0.1; anything that is not an address is not one. */
function normalized(address: string | undefined): string | null {
  const a = address?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return a && isIP(a) ? a.toLowerCase() : null;
}

/**
 * The address a request comes from, for the sign-in throttle: the socket's, or — only when
 * KEYWARD_TRUSTED_PROXY says one reverse proxy stands in front — the last X-Forwarded-For entry,
 * the one that proxy appended (earlier entries are whatever the client claimed). Null when
 * neither is known (a server not started by scripts/start.ts): the throttle then counts per
 * account only. Takes a Fetch `Headers` (route handlers) or next-auth's plain header object.
 */
export function clientAddress(headers: HeaderSource, trustedProxy: boolean): string | null {
  if (trustedProxy) {
    const hops = header(headers, "x-forwarded-for")?.split(",") ?? [];
    const last = normalized(hops.at(-1));
    if (last) return last;
  }
  return normalized(header(headers, SOCKET_HEADER));
}
