/**
 * Where to go after signing in. The callback comes from the address bar, so anything a browser
 * would resolve to another origin (`//evil`, `/\evil`, `/<tab>/evil`, `https://evil`) goes to
 * `/` instead. The check is the browser's own parser against the console's origin, not a
 * pattern on the string.
 */
export function safeCallbackPath(raw: string | string[] | undefined, consoleUrl: string): string {
  if (typeof raw !== "string" || raw === "") return "/";
  const base = new URL(consoleUrl);
  let target: URL;
  try {
    target = new URL(raw, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin) return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A same-origin path that starts with two slashes would be read as another host once it is
  // used on its own (router.replace("//evil.example")).
  return path.startsWith("//") ? "/" : path;
}
