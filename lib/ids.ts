import { notFound } from "@/lib/errors";

/** The shape of every row id Keyward hands out (random UUIDs). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

/** Ids come from URLs; anything that is not a UUID cannot name a row, so it is a 404, not a database error. */
export function uuidOrNotFound(id: string, what: string): string {
  if (!isUuid(id)) throw notFound(what);
  return id;
}
