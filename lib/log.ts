/**
 * What the console writes about an error it did not expect: the error's name, a database error
 * code when there is one, and the stack's frames. Never the message: a driver's message quotes
 * the statement and its parameters (password hashes, e-mail addresses, certificates), and a
 * vendor's quotes its answer. The frames say where it happened, which is what an operator needs.
 */
const FRAME = /^\s+at /;
const MAX_FRAMES = 8;

function stackFrames(err: Error): string[] {
  return (err.stack ?? "")
    .split("\n")
    .filter((line) => FRAME.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => line.trim());
}

/** SQLSTATE codes are five characters from a fixed alphabet: safe to log, and they say what failed. */
function sqlState(err: unknown): string | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === "object" && depth < 3;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

function describeUnexpected(err: unknown): string {
  if (!(err instanceof Error)) return `non-error value (${typeof err})`;
  const name = /^[A-Za-z0-9_$]{1,60}$/.test(err.name) ? err.name : "Error";
  const code = sqlState(err);
  const frames = stackFrames(err);
  return [`${name}${code ? ` (SQLSTATE ${code})` : ""}`, ...frames].join(" | ");
}

/** One line on stderr: `[keyward] <what> failed: <name> | at … | at …`. */
export function logUnexpected(what: string, err: unknown): void {
  console.error(`[keyward] ${what} failed: ${describeUnexpected(err)}`);
}
