/** Absolute time in the viewer's locale, with the relative time beside it. */
export function formatWhen(iso: string | null, empty = "—"): string {
  if (!iso) return empty;
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

/** Largest unit first: the distance is said in the first unit it reaches, rounded (as date-fns' formatDistanceStrict). */
const UNITS: Array<[unit: string, ms: number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 days", "1 hour", "45 seconds": a distance in one whole unit, without a date library in the browser. */
export function distance(ms: number): string {
  const abs = Math.abs(ms);
  const [unit, size] = UNITS.find(([, size]) => abs >= size) ?? ["second", 1000];
  const n = Math.round(abs / size);
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

export function formatRelative(iso: string | null, now = Date.now()): string {
  if (!iso) return "";
  const ms = new Date(iso).getTime() - now;
  return ms > 0 ? `in ${distance(ms)}` : `${distance(ms)} ago`;
}
