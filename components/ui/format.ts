import { formatDistanceToNowStrict } from "date-fns";

/** Absolute time in the viewer's locale, with the relative time beside it. */
export function formatWhen(iso: string | null, empty = "—"): string {
  if (!iso) return empty;
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export function formatRelative(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return d.getTime() > Date.now() ? `in ${formatDistanceToNowStrict(d)}` : `${formatDistanceToNowStrict(d)} ago`;
}
