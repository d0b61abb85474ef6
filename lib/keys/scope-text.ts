/**
 * A key's scope as people read it: the vendor's name with its id after it ("Auditor (2)"), or the
 * id alone where no name was kept (keys issued before names were, PAN-OS profiles named by id).
 */
export function scopeText(scope: string[], names: Record<string, string> | null): string {
  return scope.map((id) => (names?.[id] ? `${names[id]} (${id})` : id)).join(", ");
}
