import type { ScopeRule } from "@/lib/vendors/types";

// The few English rules messages are built with, in one place, so no message says "1 keys",
// "key(s)" or "Choose at least one roles.".

/** "1 key", "3 keys"; `many` for nouns that do not just take an s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "an environment", "a role". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/**
 * What one picks as a key's scope, in running text: one ("role") and many ("roles"). A vendor
 * whose label is already plural (XSIAM's "Roles", a list of checkboxes) names its noun itself.
 */
export function scopeWords(rule: ScopeRule): { one: string; many: string } {
  const one = rule.noun ?? rule.label.toLowerCase();
  return { one, many: `${one}s` };
}
