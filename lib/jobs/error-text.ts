import { DrizzleQueryError } from "drizzle-orm";
import { AppError } from "@/lib/errors";

const MAX_LENGTH = 300;

/**
 * What a failed run leaves in `jobs.last_error`: the error's name and the first line of its
 * message, nothing else. Drizzle's wrapper of a failed statement carries the SQL and its
 * parameters in its message, so the database's own error underneath is described instead; a
 * database message quotes an offending value after a colon (`…for type uuid: "x"`), which is
 * blanked, while names of constraints and tables (`constraint "x"`) stay.
 */
export function describeJobError(err: unknown): string {
  let error = err;
  while (error instanceof DrizzleQueryError && error.cause) error = error.cause;
  if (!(error instanceof Error)) return "Error: a value that is not an Error was thrown";
  if (error instanceof AppError) return clip(`AppError ${error.code}: ${firstLine(error.message)}`);
  const sqlState = (error as { code?: unknown }).code;
  const name = error.constructor.name && error.constructor.name !== "Error" ? error.constructor.name : error.name;
  const state = typeof sqlState === "string" && /^[0-9A-Z]{5}$/.test(sqlState) ? ` [${sqlState}]` : "";
  const message =
    error instanceof DrizzleQueryError
      ? "a database statement failed"
      : firstLine(error.message).replace(/:\s*"[^"]*"/g, ': "…"');
  return clip(`${name}${state}: ${message}`);
}

const firstLine = (s: string) => s.split("\n", 1)[0]!.trim();
const clip = (s: string) => (s.length > MAX_LENGTH ? `${s.slice(0, MAX_LENGTH - 1)}…` : s);
