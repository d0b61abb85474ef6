import { z } from "zod";

/**
 * The Trend Micro Server & Workload Protection (Deep Security) `/api` wire format, as the
 * generated SDK models describe it (OpenAPI 50.0.810, `models/api_key.py`, `role.py`) and the
 * "Create an API Key Using Code" guide shows it. Only the fields the console reads are
 * validated; everything else passes through untouched (`z.looseObject`).
 */

export const TREND_API_VERSION = "v1";
export const TREND_LOCALES = ["en-US", "ja-JP"] as const;
export type TrendLocale = (typeof TREND_LOCALES)[number];

/** IDs are int64 in the model; tolerate a manager (or proxy) that serialises them as digit strings. */
const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const msSchema = z.number().int();

/** `ApiKey`. Note the uppercase `ID` and `roleID`; `secretKey` only on create and secret reset. */
export const apiKeySchema = z.looseObject({
  ID: idSchema,
  keyName: z.string(),
  description: z.string().optional(),
  locale: z.string().optional(),
  roleID: idSchema.optional(),
  timeZone: z.string().optional(),
  active: z.boolean().optional(),
  created: msSchema.optional(),
  lastSignIn: msSchema.optional(),
  unlockTime: msSchema.optional(),
  unsuccessfulSignInAttempts: z.number().int().optional(),
  expiryDate: msSchema.optional(),
  secretKey: z.string().optional(),
  serviceAccount: z.boolean().optional(),
});

/** What create and secret reset must return: the same resource, with the secret present. */
export const issuedApiKeySchema = apiKeySchema.extend({ secretKey: z.string().min(1) });

/** `ApiKeyCurrent` (`GET /apikeys/current`) adds the caller's tenant and role URN. */
export const apiKeyCurrentSchema = apiKeySchema.extend({
  roleURN: z.string().optional(),
  tenantID: idSchema.optional(),
  tenantGUID: z.string().optional(),
  cloudOneAccountID: z.string().optional(),
});

export const apiKeyListSchema = z.looseObject({ apiKeys: z.array(apiKeySchema) });

/** `Role`, reduced to what the role picker shows. */
const roleSchema = z.looseObject({
  ID: idSchema,
  name: z.string(),
  description: z.string().optional(),
  urn: z.string().optional(),
  immutable: z.boolean().optional(),
  allowWebService: z.boolean().optional(),
});

export const roleListSchema = z.looseObject({ roles: z.array(roleSchema) });

/**
 * `POST /api/sessions` answer. The seed spells the request id `RID`; the header that carries it
 * back is `rID`. Tolerate either spelling in the body since nothing else public confirms it.
 */
export const sessionSchema = z
  .looseObject({
    administratorID: idSchema.optional(),
    created: msSchema.optional(),
    lastActivity: msSchema.optional(),
    accessType: z.string().optional(),
    RID: z.string().min(1).optional(),
    rID: z.string().min(1).optional(),
  })
  .refine((s) => Boolean(s.RID ?? s.rID), { message: "the session answer carries no RID" })
  .transform((s) => ({ ...s, requestId: (s.RID ?? s.rID) as string }));

/** Body of `POST /api/sessions` (`tenantName` and `mfaCode` only "if necessary"). */
export interface SessionRequest {
  userName: string;
  password: string;
  tenantName?: string;
  mfaCode?: string;
}

/** Body of create (`POST /apikeys`) and, partially, of modify (`POST /apikeys/{id}`). */
export interface ApiKeyWrite {
  keyName?: string;
  description?: string;
  roleID?: number;
  locale?: TrendLocale;
  timeZone?: string;
  expiryDate?: number;
  active?: boolean;
}

/** `SearchFilter` / `SearchCriteria` of the search DSL (guide "Search for Resources"). */
export interface SearchCriteria {
  fieldName?: string;
  stringTest?: "equal" | "not-equal";
  stringValue?: string;
  stringWildcards?: boolean;
  numericTest?: NumericTest;
  numericValue?: number;
  booleanTest?: boolean;
  choiceTest?: "equal" | "not-equal";
  choiceValue?: string;
  firstDateValue?: number;
  firstDateInclusive?: boolean;
  lastDateValue?: number;
  lastDateInclusive?: boolean;
  nullTest?: boolean;
  idTest?: NumericTest;
  idValue?: number;
}
export type NumericTest =
  "less-than" | "less-than-or-equal" | "equal" | "greater-than-or-equal" | "greater-than" | "not-equal";
export interface SearchFilter {
  maxItems?: number;
  searchCriteria?: SearchCriteria[];
  sortByObjectID?: boolean;
}

/**
 * The vendor's own words from an error body: `/api` answers `{"message": "..."}`; the legacy
 * REST API answers `{"error": {"message": "..."}}`; proxies answer text or HTML.
 */
const errorBodySchema = z.union([
  z.looseObject({ message: z.string().min(1) }).transform((b) => b.message),
  z.looseObject({ error: z.looseObject({ message: z.string().min(1) }) }).transform((b) => b.error.message),
]);

export function vendorMessage(body: string): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(trimmed));
    if (parsed.success) return oneLine(parsed.data);
    return undefined;
  } catch {
    // Not JSON: keep short plain text (a proxy's "Service Unavailable"), never a whole HTML page.
    if (/^</.test(trimmed) || trimmed.length > 200) return undefined;
    return oneLine(trimmed);
  }
}

/** Not cut here: a cut before redaction could keep a secret's first characters (the redactor cuts). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * A JSON null reads as an absent field: a manager's JSON binding may print an unset optional
 * field as `null` (`"lastSignIn": null`) rather than leave it out.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return value;
}

/** JSON.parse then zod, returning a tagged result instead of throwing. */
export function parseJson<T>(
  schema: z.ZodType<T>,
  body: string,
): { ok: true; value: T } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, problem: "the body is not JSON" };
  }
  const parsed = schema.safeParse(withoutNulls(raw));
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unexpected shape" };
}

/** The `sID` cookie value from `Set-Cookie` headers, e.g. `sID=D5EE…; Path=/; Secure; HttpOnly`. */
export function sessionCookie(setCookie: string[]): string | undefined {
  for (const line of setCookie) {
    for (const part of line.split(/,(?=\s*[A-Za-z0-9_-]+=)/)) {
      const match = /^\s*sID=([^;\s]+)/i.exec(part);
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}
