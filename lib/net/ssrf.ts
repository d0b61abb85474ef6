import { BlockList, isIP } from "node:net";
import { lookup } from "node:dns/promises";

/**
 * Addresses a webhook may not reach unless an admin allows private targets: loopback, the
 * private ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, and the
 * reserved and multicast blocks, in IPv4 and IPv6 (an IPv4-mapped IPv6 address counts as its IPv4).
 */
const refused = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 3],
] as const)
  refused.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["64:ff9b::", 96],
] as const)
  refused.addSubnet(net, prefix, "ipv6");

function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return refused.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  if (family === 4) return refused.check(address, "ipv4");
  if (family === 6) return refused.check(address, "ipv6");
  return true;
}

/** Why a literal IP address may not be reached (no lookup runs for one), or null; a host name is checked at connection. */
export function literalAddressProblem(host: string, allowPrivate: boolean): string | null {
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare) && isPrivateAddress(bare) && !allowPrivate)
    return "That address is private or loopback: allow private addresses if it is meant.";
  return null;
}

export interface TargetRules {
  allowHttp: boolean;
  allowPrivate: boolean;
}

/** Why a webhook URL is refused before any lookup, or null: https only unless allowed, no credentials in it. */
export function urlProblem(raw: string, rules: TargetRules): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, like https://hooks.example.com/keyward.";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && rules.allowHttp))
    return rules.allowHttp
      ? "Use an http:// or https:// URL."
      : "Use an https:// URL (or allow plain http for this endpoint).";
  if (url.username || url.password) return "Leave credentials out of the URL: Keyward signs each delivery instead.";
  return literalAddressProblem(url.hostname, rules.allowPrivate);
}

/**
 * The lookup the webhook connection uses: it resolves the name and refuses a private address
 * unless allowed. The connection is made to exactly the address checked here, so a name that
 * resolves differently a moment later (DNS rebinding) cannot slip past.
 */
export function guardedLookup(rules: TargetRules) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | Array<{ address: string; family: number }>,
      family?: number,
    ) => void,
  ): void => {
    lookup(hostname, { all: true })
      .then((addresses) => {
        const allowed = addresses.filter((a) => rules.allowPrivate || !isPrivateAddress(a.address));
        if (!allowed.length) {
          const err: NodeJS.ErrnoException = new Error(
            `${hostname} resolves to a private or loopback address, which this endpoint may not reach.`,
          );
          err.code = "EPRIVATEADDRESS";
          callback(err, "");
          return;
        }
        if (options.all) callback(null, allowed);
        else callback(null, allowed[0]!.address, allowed[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, ""));
  };
}
