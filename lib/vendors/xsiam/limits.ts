/**
 * The bounds of an XSIAM API key, in one place so the adapter's validation and the emulator
 * enforce exactly the same numbers.
 *
 * The vendor documents (Generate an API key): `expiration` is epoch milliseconds, defaults to
 * one week from the call, and may be at most six months from the time of the call. There is no
 * documented "never expires" for generation, so the console always sends an expiration.
 */

export const DEFAULT_EXPIRY_DAYS = 7;
/** Six months is 181–184 days; the picker uses 183 and `maxExpiryMs` enforces the exact bound. */
export const MAX_EXPIRY_DAYS = 183;
const MAX_EXPIRY_MONTHS = 6;
/** A key that expires sooner than this is of no use to anyone; also absorbs clock drift to the vendor. */
export const MIN_EXPIRY_MS = 60 * 60 * 1000;

/**
 * The vendor keeps no name: the console's name goes into the key's `comment`, followed by the
 * user's comment (`<name> — <comment>`). The comment limit is not documented; the emulator
 * assumes 255 characters, and these two bounds keep the combined text within it.
 */
export const NAME_MAX_LENGTH = 50;
export const COMMENT_MAX_LENGTH = 200;
export const VENDOR_COMMENT_MAX_LENGTH = 255;
export const COMMENT_SEPARATOR = " — ";

/** Roles are sent by display name (`pretty_name`). */
export const ROLE_NAME_MAX_LENGTH = 128;
export const MAX_ROLES = 50;

/**
 * Calendar months added in UTC, the day clamped to the end of a shorter month (31 Aug + 6 months
 * = 28/29 Feb), as date-fns `addMonths` does but independent of the server's time zone.
 */
export function addUtcMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** The latest expiration the vendor accepts for a key generated at `nowMs`. */
export function maxExpiryMs(nowMs: number): number {
  return addUtcMonths(nowMs, MAX_EXPIRY_MONTHS);
}

export function defaultExpiryMs(nowMs: number): number {
  return nowMs + DEFAULT_EXPIRY_DAYS * 24 * 60 * 60 * 1000;
}

/** The `comment` the vendor stores: the console's name, then the user's comment if any. */
export function vendorComment(name: string, comment: string | undefined): string {
  const extra = comment?.trim();
  return extra ? `${name.trim()}${COMMENT_SEPARATOR}${extra}` : name.trim();
}
