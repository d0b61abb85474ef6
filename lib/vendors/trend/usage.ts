import type { UsageSnippet } from "../types";
import { apiPath } from "./client";
import { TREND_API_VERSION } from "./wire";

/**
 * Copy-once snippets. Each calls `GET /api/apikeys/current`, which any active key may call
 * whatever its role, so the user can prove the key works before wiring it into a tool.
 */
export function trendUsage(baseUrl: string, secret: string): UsageSnippet[] {
  const base = baseUrl.replace(/\/+$/, "");
  const url = `${base}${apiPath(base, "/apikeys/current")}`;
  const apiRoot = `${base}${apiPath(base, "")}`;
  return [
    {
      label: "curl",
      content: [
        `curl -sS '${url}' \\`,
        `  -H 'api-secret-key: ${secret}' \\`,
        `  -H 'api-version: ${TREND_API_VERSION}'`,
      ].join("\n"),
    },
    {
      label: "Python (requests)",
      filename: "trend_api_key_check.py",
      content: [
        "import requests",
        "",
        `API = "${apiRoot}"`,
        "HEADERS = {",
        `    "api-secret-key": "${secret}",`,
        `    "api-version": "${TREND_API_VERSION}",`,
        '    "Content-Type": "application/json",',
        "}",
        "",
        "# Add verify='/path/to/manager-ca.pem' if the manager uses a private CA.",
        'response = requests.get(f"{API}/apikeys/current", headers=HEADERS, timeout=30)',
        "response.raise_for_status()",
        'print(response.json()["keyName"])',
        "",
      ].join("\n"),
    },
    {
      label: "Environment variables",
      filename: "trend.env",
      content: [
        `TREND_API_URL=${apiRoot}`,
        `TREND_API_SECRET_KEY=${secret}`,
        `TREND_API_VERSION=${TREND_API_VERSION}`,
        "",
      ].join("\n"),
    },
  ];
}
