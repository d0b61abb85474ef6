/** Whether a database error (or one it wraps, as Drizzle does) is a unique violation of the named index. */
export function violatesUnique(err: unknown, index: string): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const { code, constraint, message } = e as { code?: string; constraint?: string; message?: string };
    if (code === "23505" && (constraint === index || message?.includes(index))) return true;
  }
  return false;
}
