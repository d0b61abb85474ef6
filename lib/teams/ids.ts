import { notFound } from "@/lib/errors";

/** Ids come from URLs; anything that is not a UUID cannot name a row, so it is a 404, not a database error. */
export function uuidOrNotFound(id: string, what: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(what);
  return id;
}
