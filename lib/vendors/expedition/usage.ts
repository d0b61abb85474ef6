import type { UsageSnippet } from "../types";

/** Shell single-quoting, so a key or URL can never break out of the command line. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Python string literal. */
function pyString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Snippets for the copy-once panel: the vendor's own usage (EXP-CRED `hed = {'Authorization':
 * 'Bearer ' + token}`) against its read-only canonical endpoint, GET /api/v1/projects.
 */
export function expeditionUsageSnippets(baseUrl: string, apiKey: string): UsageSnippet[] {
  const base = baseUrl.replace(/\/+$/, "");
  const projectsUrl = `${base}/api/v1/projects`;
  return [
    {
      label: "curl: list the projects this key may see",
      content: [
        `curl --fail-with-body -sS ${shellQuote(projectsUrl)} \\`,
        `  -H 'Accept: application/json' \\`,
        `  -H ${shellQuote(`Authorization: Bearer ${apiKey}`)}`,
        "",
      ].join("\n"),
    },
    {
      label: "Python (requests), as in Expedition's own examples",
      filename: "expedition_projects.py",
      content: [
        "import requests",
        "",
        `EXPEDITION = ${pyString(base)}`,
        `API_KEY = ${pyString(apiKey)}  # valid one month, extended each time this Expedition user logs in`,
        "",
        "hed = {'Authorization': 'Bearer ' + API_KEY}",
        "# Point verify= at your Expedition's CA bundle; the vendor's examples use verify=False.",
        "r = requests.get(EXPEDITION + '/api/v1/projects', headers=hed, verify=True)",
        "response = r.json()",
        "print(response['Contents']['success'], response['Contents']['response']['data']['content'])",
        "",
      ].join("\n"),
    },
  ];
}
