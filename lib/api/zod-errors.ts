import type { ZodError } from "zod";
import type { FieldErrors } from "@/lib/errors";

/** First message per field, keyed by the dotted path the form uses for its inputs. */
export function zodFieldErrors(err: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of err.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}
