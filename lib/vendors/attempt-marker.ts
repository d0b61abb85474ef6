/**
 * Where a vendor lets Keyward write a key's comment or description but not choose an id, the
 * issuing attempt's tag goes there as `keyward-<tag>`, appended to what the user wrote: the text
 * a recovery sweep looks for to find a key a dead console left behind (lib/issuance/attempts.ts).
 */
const MARKER_SEPARATOR = " — ";

function attemptMarker(tag: string): string {
  return `keyward-${tag}`;
}

/** The text as the vendor will store it, with the marker; the user's text alone when there is no marker. */
export function withMarker(text: string | undefined, marker: string | undefined): string | undefined {
  if (!marker) return text;
  return text ? `${text}${MARKER_SEPARATOR}${marker}` : marker;
}

/** The marker for `tag` when the text plus the marker fits the vendor's limit, else null (the key then carries none). */
export function markerThatFits(text: string | undefined, tag: string, maxLength: number): string | null {
  const marker = attemptMarker(tag);
  return (withMarker(text, marker) ?? "").length <= maxLength ? marker : null;
}

/** Whether a vendor's stored comment or description ends with `marker` (the attempt's), as `withMarker` wrote it. */
export function carriesMarker(text: string | null | undefined, marker: string): boolean {
  if (!text) return false;
  return text === marker || text.endsWith(`${MARKER_SEPARATOR}${marker}`);
}
