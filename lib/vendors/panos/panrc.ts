import type { UsageSnippet } from "../types";
import { SHOW_SYSTEM_INFO_CMD } from "./commands";

/**
 * The copy-once panel's snippets: `.panrc` lines exactly as `panxapi.py -t TAG -k` writes them
 * (PANPY bin/panxapi.py), and a curl call of the documented verification command.
 */

export interface PanrcInput {
  host: string;
  /** The firewall's HTTPS port; 443 (or empty) writes no port line. */
  port?: number;
  key: string;
  tag: string;
  generatedAt: Date;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** panxapi.py's `%Y/%m/%d %H:%M:%S`. It uses the local clock; a server has no user's clock, so UTC. */
function panxapiTimestamp(d: Date): string {
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function renderPanrc({ host, port, key, tag, generatedAt }: PanrcInput): string {
  const suffix = tag ? `%${tag}` : "";
  const lines = [`# panxapi.py generated: ${panxapiTimestamp(generatedAt)}`, `hostname${suffix}=${host}`];
  // panxapi.py never writes a port line, even with -P; without one pan-python would call port 443.
  if (port !== undefined && port !== 443) lines.push(`port${suffix}=${port}`);
  lines.push(`api_key${suffix}=${key}`);
  return `${lines.join("\n")}\n`;
}

/** Host and port as pan-python wants them, from the connection's base URL. */
function panrcTarget(baseUrl: string): { host: string; port?: number } {
  const url = new URL(baseUrl);
  return { host: url.hostname, port: url.port ? Number(url.port) : undefined };
}

export function panosUsageSnippets(baseUrl: string, key: string, tag: string, generatedAt: Date): UsageSnippet[] {
  const { host, port } = panrcTarget(baseUrl);
  const apiUrl = `${baseUrl.replace(/\/+$/, "")}/api/?type=op&cmd=${encodeURIComponent(SHOW_SYSTEM_INFO_CMD)}`;
  const curl = [
    "# --cacert: the firewall's CA certificate (or the demo CA for the emulator); never -k in production.",
    `curl --cacert firewall-ca.pem -H "X-PAN-KEY: ${key}" \\`,
    `  "${apiUrl}"`,
    "",
  ].join("\n");
  return [
    {
      label: ".panrc (pan-python; keep it chmod 600)",
      filename: ".panrc",
      content: renderPanrc({ host, port, key, tag, generatedAt }),
    },
    { label: "curl: show system info with the key", filename: "panos-show-system-info.sh", content: curl },
  ];
}
