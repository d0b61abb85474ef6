/**
 * The one rule for text that reaches the database: PostgreSQL stores neither a NUL character
 * nor a lone UTF-16 surrogate (text refuses the first, jsonb the second), so both are refused
 * where input enters — every body field, query parameter and path segment — with a message
 * naming the field, instead of failing deep inside a statement.
 */
const NUL = /\u0000/;
// Without the u flag a regular expression sees UTF-16 code units, so a half pair stands alone.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this text cannot be stored, in words for the person who sent it; null when it can. */
export function textProblem(text: string): string | null {
  if (NUL.test(text)) return "Contains a NUL character (\\0), which cannot be stored. Remove it and try again.";
  if (LONE_SURROGATE.test(text))
    return "Contains broken Unicode (a lone UTF-16 surrogate), which cannot be stored. Retype or paste it again as plain text.";
  return null;
}

export interface TextFinding {
  /** Dotted path of the field (`grants.0.roles.1`), or the parameter's name. */
  field: string;
  problem: string;
}

/** The first string inside a parsed JSON value (keys included) that breaks the rule. */
export function findUnstorableText(value: unknown, path: string[] = []): TextFinding | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { field: path.join(".") || "body", problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem)
        return {
          field: [...path, key].join("."),
          problem: `Its name ${keyProblem.charAt(0).toLowerCase()}${keyProblem.slice(1)}`,
        };
      const found = findUnstorableText(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** The first query parameter (name or value) that breaks the rule. */
export function findUnstorableParam(entries: Iterable<[string, string]>): TextFinding | null {
  for (const [name, value] of entries) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) return { field: name, problem };
  }
  return null;
}
