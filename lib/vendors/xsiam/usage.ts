import type { UsageSnippet } from "../types";
import type { XsiamSecurityLevel } from "./auth";
import { PATHS } from "./wire";

/**
 * Copy-once snippets for a new key. Every example calls `rbac/get_roles` for the key's own
 * roles: a real, cheap, authenticated endpoint. An advanced key cannot be used as is, so its
 * snippets show how to compute the nonce, timestamp and SHA-256 `Authorization` header.
 */

export interface UsageInput {
  baseUrl: string;
  keyId: string;
  secret: string;
  level: XsiamSecurityLevel;
  roles: string[];
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function usageSnippets(input: UsageInput): UsageSnippet[] {
  const url = `${input.baseUrl.replace(/\/+$/, "")}${PATHS.getRoles}`;
  const body = JSON.stringify({ request_data: { role_names: input.roles } });
  return input.level === "standard"
    ? [standardCurl(input, url, body)]
    : [advancedBash(input, url, body), advancedPython(input, url, body)];
}

function standardCurl(input: UsageInput, url: string, body: string): UsageSnippet {
  return {
    label: "curl (standard key: the key goes as is in Authorization)",
    content: [
      `curl -sS -X POST ${shellQuote(url)} \\`,
      `  -H ${shellQuote(`x-xdr-auth-id: ${input.keyId}`)} \\`,
      `  -H ${shellQuote(`Authorization: ${input.secret}`)} \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -d ${shellQuote(body)}`,
    ].join("\n"),
  };
}

function advancedBash(input: UsageInput, url: string, body: string): UsageSnippet {
  return {
    label: "bash + curl (advanced key: sign every request)",
    filename: "xsiam-call.sh",
    content: [
      "#!/usr/bin/env bash",
      "set -eu",
      `API_URL=${shellQuote(url)}`,
      `API_KEY_ID=${shellQuote(input.keyId)}`,
      `API_KEY=${shellQuote(input.secret)}`,
      "# 64 random characters from [A-Za-z0-9], and the current time in epoch milliseconds",
      "NONCE=$(head -c 4096 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | head -c 64)",
      "TIMESTAMP=$(( $(date +%s) * 1000 ))",
      "# Authorization = lowercase hex SHA-256 of key + nonce + timestamp",
      `AUTH=$(printf '%s%s%s' "$API_KEY" "$NONCE" "$TIMESTAMP" | sha256sum | cut -d' ' -f1)`,
      `curl -sS -X POST "$API_URL" \\`,
      `  -H "x-xdr-auth-id: $API_KEY_ID" \\`,
      `  -H "x-xdr-nonce: $NONCE" \\`,
      `  -H "x-xdr-timestamp: $TIMESTAMP" \\`,
      `  -H "Authorization: $AUTH" \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -d ${shellQuote(body)}`,
      "",
    ].join("\n"),
  };
}

function advancedPython(input: UsageInput, url: string, body: string): UsageSnippet {
  // JSON string literals are valid Python string literals for this ASCII content.
  const py = (value: string) => JSON.stringify(value);
  return {
    label: "Python 3 (advanced key, standard library only)",
    filename: "xsiam_call.py",
    content: [
      "import hashlib, secrets, string, time, urllib.request",
      "",
      `API_URL = ${py(url)}`,
      `API_KEY_ID = ${py(input.keyId)}`,
      `API_KEY = ${py(input.secret)}`,
      "",
      'nonce = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(64))',
      "timestamp = str(int(time.time()) * 1000)",
      'authorization = hashlib.sha256((API_KEY + nonce + timestamp).encode("utf-8")).hexdigest()',
      "",
      "request = urllib.request.Request(",
      "    API_URL,",
      `    data=${py(body)}.encode("utf-8"),`,
      '    method="POST",',
      "    headers={",
      '        "x-xdr-auth-id": API_KEY_ID,',
      '        "x-xdr-nonce": nonce,',
      '        "x-xdr-timestamp": timestamp,',
      '        "Authorization": authorization,',
      '        "Content-Type": "application/json",',
      "    },",
      ")",
      "with urllib.request.urlopen(request) as response:",
      '    print(response.read().decode("utf-8"))',
      "",
    ].join("\n"),
  };
}
