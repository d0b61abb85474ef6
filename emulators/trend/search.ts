import type { NumericTest, SearchCriteria, SearchFilter } from "@/lib/vendors/trend/wire";

/**
 * The `/search` DSL of the manager's API (SDK `search_filter.py`, `search_criteria.py`,
 * guide "Search for Resources"), for the emulator: every criterion must match; an empty list
 * matches everything; `maxItems` defaults to 5000.
 */

type FieldKind = "string" | "numeric" | "boolean" | "choice" | "date";
export type SearchableFields = Record<string, FieldKind>;

export class SearchError extends Error {}

const NUMERIC_TESTS: NumericTest[] = [
  "less-than",
  "less-than-or-equal",
  "equal",
  "greater-than-or-equal",
  "greater-than",
  "not-equal",
];

function compare(test: NumericTest | undefined, actual: number, expected: number): boolean {
  switch (test ?? "equal") {
    case "less-than":
      return actual < expected;
    case "less-than-or-equal":
      return actual <= expected;
    case "equal":
      return actual === expected;
    case "greater-than-or-equal":
      return actual >= expected;
    case "greater-than":
      return actual > expected;
    case "not-equal":
      return actual !== expected;
  }
}

/** `%` is any run of characters and `_` any one character, when wildcards are on (the default). */
function stringMatches(actual: string, expected: string, wildcards: boolean): boolean {
  if (!wildcards) return actual === expected;
  const pattern = expected
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/%/g, ".*")
    .replace(/_/g, ".");
  return new RegExp(`^${pattern}$`, "s").test(actual);
}

function checkNumericTest(test: unknown, name: string): NumericTest | undefined {
  if (test === undefined) return undefined;
  if (!NUMERIC_TESTS.includes(test as NumericTest)) throw new SearchError(`Invalid ${name}: ${String(test)}.`);
  return test as NumericTest;
}

function matchOne(item: Record<string, unknown>, c: SearchCriteria, fields: SearchableFields): boolean {
  if (c.idTest !== undefined || c.idValue !== undefined) {
    if (typeof c.idValue !== "number") throw new SearchError("idValue must be a number.");
    return compare(checkNumericTest(c.idTest, "idTest"), Number(item.ID), c.idValue);
  }
  if (!c.fieldName) throw new SearchError("fieldName is required unless idTest is used.");
  const kind = fields[c.fieldName];
  if (!kind) throw new SearchError(`Invalid search field: ${c.fieldName}.`);
  const value = item[c.fieldName];
  if (c.nullTest !== undefined)
    return c.nullTest ? value === undefined || value === null : value !== undefined && value !== null;

  if (c.stringValue !== undefined || c.stringTest !== undefined) {
    if (kind !== "string") throw new SearchError(`${c.fieldName} is not a string field.`);
    if (c.stringTest !== undefined && c.stringTest !== "equal" && c.stringTest !== "not-equal")
      throw new SearchError(`Invalid stringTest: ${String(c.stringTest)}.`);
    const hit = typeof value === "string" && stringMatches(value, c.stringValue ?? "", c.stringWildcards ?? true);
    return c.stringTest === "not-equal" ? !hit : hit;
  }
  if (c.choiceValue !== undefined || c.choiceTest !== undefined) {
    if (kind !== "choice") throw new SearchError(`${c.fieldName} is not a choice field.`);
    const hit = value === c.choiceValue;
    return c.choiceTest === "not-equal" ? !hit : hit;
  }
  if (c.numericValue !== undefined || c.numericTest !== undefined) {
    if (kind !== "numeric") throw new SearchError(`${c.fieldName} is not a numeric field.`);
    if (typeof c.numericValue !== "number") throw new SearchError("numericValue must be a number.");
    return typeof value === "number" && compare(checkNumericTest(c.numericTest, "numericTest"), value, c.numericValue);
  }
  if (c.firstDateValue !== undefined || c.lastDateValue !== undefined) {
    if (kind !== "date") throw new SearchError(`${c.fieldName} is not a date field.`);
    if (typeof value !== "number") return false;
    const first = c.firstDateValue;
    const last = c.lastDateValue;
    if (first !== undefined && ((c.firstDateInclusive ?? true) ? value < first : value <= first)) return false;
    if (last !== undefined && ((c.lastDateInclusive ?? true) ? value > last : value >= last)) return false;
    return true;
  }
  // Only `booleanTest` left (it defaults to true): the field must equal it.
  if (kind !== "boolean") throw new SearchError(`No test given for ${c.fieldName}.`);
  return value === (c.booleanTest ?? true);
}

/** Applies a SearchFilter to `items` (each carrying a numeric `ID`). Throws SearchError for a bad filter. */
export function runSearch<T extends { ID: number }>(items: T[], filterInput: unknown, fields: SearchableFields): T[] {
  if (
    filterInput !== undefined &&
    (typeof filterInput !== "object" || filterInput === null || Array.isArray(filterInput))
  ) {
    throw new SearchError("The search filter must be a JSON object.");
  }
  const filter = (filterInput ?? {}) as SearchFilter;
  const maxItems = filter.maxItems ?? 5000;
  if (!Number.isInteger(maxItems) || maxItems < 0) throw new SearchError("maxItems must be a non-negative integer.");
  if (filter.searchCriteria !== undefined && !Array.isArray(filter.searchCriteria))
    throw new SearchError("searchCriteria must be a list.");
  const criteria = filter.searchCriteria ?? [];
  for (const c of criteria) {
    if (typeof c !== "object" || c === null) throw new SearchError("Each search criterion must be a JSON object.");
    matchOne({ ID: 0 }, c, fields); // rejects a bad criterion even when there is nothing to search
  }
  const hits = items.filter((item) =>
    criteria.every((c) => matchOne(item as unknown as Record<string, unknown>, c, fields)),
  );
  if (filter.sortByObjectID) hits.sort((a, b) => a.ID - b.ID);
  return hits.slice(0, maxItems);
}
