import type { UsageSnippet } from "../types";

/**
 * The copy-once panel's snippets for a new environment key: the ways Rancher's docs say to
 * use it (curl `-u`, a `.netrc` line) and the variables the rancher CLI and rancher-compose read.
 */

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface UsageInput {
  /** The server root, e.g. https://rancher.example.com:8080 (any proxy prefix kept). */
  serverUrl: string;
  apiVersion: string;
  environmentId: string;
  accessKey: string;
  secretKey: string;
}

export function rancherUsageSnippets(input: UsageInput): UsageSnippet[] {
  const environmentUrl = `${input.serverUrl}/${input.apiVersion}/projects/${input.environmentId}`;
  // .netrc matches on the bare host name, without port.
  const machine = new URL(input.serverUrl).hostname;
  return [
    {
      label: "curl (the environment's API endpoint)",
      content: `curl -s -u ${shellQuote(`${input.accessKey}:${input.secretKey}`)} ${shellQuote(environmentUrl)}`,
    },
    {
      label: ".netrc line (then: curl --netrc …)",
      filename: ".netrc",
      content: `machine ${machine} login ${input.accessKey} password ${input.secretKey}\n`,
    },
    {
      label: "Environment variables for the rancher CLI and rancher-compose",
      filename: "rancher.env",
      content: [
        `export RANCHER_URL=${shellQuote(`${input.serverUrl}/`)}`,
        `export RANCHER_ACCESS_KEY=${shellQuote(input.accessKey)}`,
        `export RANCHER_SECRET_KEY=${shellQuote(input.secretKey)}`,
        `# This key only works in environment ${input.environmentId}: ${environmentUrl}`,
        "",
      ].join("\n"),
    },
  ];
}
