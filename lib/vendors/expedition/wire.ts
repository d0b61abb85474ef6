import { z } from "zod";

/**
 * Expedition 2.x response envelopes, read tolerantly.
 *
 * Two generations of the vendor's docs disagree (vendor-protocols-panos-expedition.md §2.2, §2.6):
 * - the classic envelope: `{Type, success, "Contents-Format", Contents:{code, success, response:{
 *   "response-messages":{messages:[{message, details:{type, causes:{module, code, description}}}]},
 *   data:{fields, columns, content}}}}`, the key at `Contents.response.data.content.api_key`;
 * - the newer one read by the bulk-change examples: a top-level `success` and `data.*`.
 * Neither documents a failure body (§2.5), so success is decided from the `success` flags AND the
 * presence of what we asked for, never from the HTTP status alone. The emulator sends the classic one.
 */

/** PHP back ends sometimes send booleans as "true"/"1"; read them all, keep "absent" distinct. */
const flagSchema = z.union([z.boolean(), z.string(), z.number()]).nullish();

const messageSchema = z
  .object({
    message: z.string().nullish(),
    details: z
      .object({
        type: z.string().nullish(),
        causes: z.object({ description: z.string().nullish() }).partial().nullish(),
      })
      .partial()
      .nullish(),
  })
  .partial();

const classicResponseSchema = z
  .object({
    "response-messages": z
      .object({ messages: z.array(messageSchema).nullish() })
      .partial()
      .nullish(),
    data: z.object({ content: z.unknown() }).partial().nullish(),
  })
  .partial();

const expeditionEnvelopeSchema = z
  .object({
    Type: z.string().nullish(),
    success: flagSchema,
    Contents: z
      .object({
        success: flagSchema,
        code: z.union([z.number(), z.string()]).nullish(),
        response: classicResponseSchema.nullish(),
      })
      .partial()
      .nullish(),
    data: z.unknown(),
    message: z.string().nullish(),
    error: z.union([z.string(), z.object({ message: z.string().nullish() }).partial()]).nullish(),
  })
  .partial();

export type ExpeditionEnvelope = z.infer<typeof expeditionEnvelopeSchema>;

/** The object holding `api_key`, `csrfToken` and the user `id` on success. */
const keyContentSchema = z.object({
  api_key: z.string().regex(/^\S+$/, "api_key must be one token"),
  csrfToken: z.string().nullish(),
  id: z.union([z.number().int(), z.string().min(1)]).nullish(),
});

function readFlag(value: z.infer<typeof flagSchema>): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  const text = value.trim().toLowerCase();
  if (text === "true" || text === "1" || text === "success") return true;
  if (text === "false" || text === "0" || text === "error") return false;
  return undefined;
}

/** Parses a body as an Expedition envelope; null when it is not JSON or not an object. */
export function parseEnvelope(body: string): ExpeditionEnvelope | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return null;
  const parsed = expeditionEnvelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** False when any success flag says no (`success`, `Contents.success`, `Type:"error"`); true when one says yes. */
export function envelopeSucceeded(env: ExpeditionEnvelope): boolean | undefined {
  const flags = [readFlag(env.success), readFlag(env.Contents?.success)];
  if (env.Type)
    flags.push(env.Type.toLowerCase() === "error" ? false : env.Type.toLowerCase() === "success" ? true : undefined);
  if (flags.includes(false)) return false;
  if (flags.includes(true)) return true;
  return undefined;
}

/** The vendor's own words: response-messages (with their cause), else a top-level message/error. */
export function envelopeMessage(env: ExpeditionEnvelope): string | undefined {
  const words: string[] = [];
  for (const m of env.Contents?.response?.["response-messages"]?.messages ?? []) {
    const description = m.details?.causes?.description?.trim();
    const message = m.message?.trim();
    if (message) words.push(description && description !== message ? `${message} (${description})` : message);
    else if (description) words.push(description);
  }
  if (words.length) return words.join("; ");
  if (env.message?.trim()) return env.message.trim();
  if (typeof env.error === "string" && env.error.trim()) return env.error.trim();
  if (env.error && typeof env.error === "object" && env.error.message?.trim()) return env.error.message.trim();
  const dataMessage = z.object({ message: z.string() }).safeParse(env.data);
  return dataMessage.success && dataMessage.data.message.trim() ? dataMessage.data.message.trim() : undefined;
}

/** `content` of the classic envelope, else `data.content` or `data` of the newer one. */
function contentCandidates(env: ExpeditionEnvelope): unknown[] {
  const candidates: unknown[] = [env.Contents?.response?.data?.content];
  const data = env.data;
  if (data && typeof data === "object" && !Array.isArray(data))
    candidates.push((data as Record<string, unknown>).content);
  candidates.push(data);
  return candidates.filter((c) => c !== undefined && c !== null);
}

export interface IssuedApiKey {
  apiKey: string;
  /** The Expedition user's id, as a string; undefined when the answer omits it. */
  userId?: string;
  hasCsrfToken: boolean;
}

export type GenerateKeyOutcome =
  | { kind: "issued"; key: IssuedApiKey }
  /** A readable Expedition answer that is not a key: refused, or "success" without api_key. */
  | { kind: "refused"; vendorMessage?: string; saidSuccess: boolean }
  /** Not an Expedition envelope at all (HTML error page, truncated JSON…). */
  | { kind: "unreadable" };

/** Reads the answer of `POST /api/v1/generate_api_key` (or the older `/api/v1/login`). */
export function interpretGenerateKey(body: string): GenerateKeyOutcome {
  const env = parseEnvelope(body);
  if (!env) return { kind: "unreadable" };
  const succeeded = envelopeSucceeded(env);
  if (succeeded !== false) {
    for (const candidate of contentCandidates(env)) {
      const content = keyContentSchema.safeParse(candidate);
      if (content.success) {
        const { api_key, csrfToken, id } = content.data;
        return {
          kind: "issued",
          key: {
            apiKey: api_key,
            userId: id === null || id === undefined ? undefined : String(id),
            hasCsrfToken: Boolean(csrfToken),
          },
        };
      }
    }
  }
  if (succeeded === undefined && !envelopeMessage(env)) return { kind: "unreadable" };
  return { kind: "refused", vendorMessage: envelopeMessage(env), saidSuccess: succeeded === true };
}

export type AuthenticatedReadOutcome =
  { kind: "ok"; items?: unknown[] } | { kind: "refused"; vendorMessage?: string } | { kind: "unreadable" };

const itemsSchema = z.array(z.unknown());

/** A body that is just a JSON array: a list without any envelope. */
function bareList(body: string): unknown[] | undefined {
  try {
    const parsed = itemsSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an authenticated read-only answer (`GET /api/v1/projects`). The list body is not documented
 * (§3), so the items are looked for wherever either envelope could carry them.
 */
export function interpretAuthenticatedRead(body: string): AuthenticatedReadOutcome {
  const bare = bareList(body);
  if (bare) return { kind: "ok", items: bare };
  const env = parseEnvelope(body);
  if (!env) return { kind: "unreadable" };
  const succeeded = envelopeSucceeded(env);
  if (succeeded === false) return { kind: "refused", vendorMessage: envelopeMessage(env) };
  if (succeeded === undefined) return { kind: "unreadable" };
  for (const candidate of contentCandidates(env)) {
    const list = itemsSchema.safeParse(candidate);
    if (list.success) return { kind: "ok", items: list.data };
    if (candidate && typeof candidate === "object") {
      const nested = itemsSchema.safeParse((candidate as Record<string, unknown>).projects);
      if (nested.success) return { kind: "ok", items: nested.data };
    }
  }
  return { kind: "ok" };
}
