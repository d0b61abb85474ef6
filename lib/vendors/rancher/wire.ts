import { z } from "zod";

/**
 * Rancher 1.x (Cattle) wire shapes: the resource, collection and error envelopes of its
 * generic "gdapi" REST API, and the two resources this adapter touches (`project`, which the
 * UI calls an environment, and `apiKey`). Schemas ignore unknown fields and accept nulls,
 * because Cattle adds fields between releases and nulls what a caller may not read.
 */

/** Every Cattle state an apiKey (a `credential`) can be in, per `DefaultProcessesParser`. */
export type CredentialState =
  | "requested"
  | "registering"
  | "inactive"
  | "activating"
  | "active"
  | "deactivating"
  | "updating-active"
  | "updating-inactive"
  | "removing"
  | "removed"
  | "purging"
  | "purged";

const linkMap = z
  .record(z.string(), z.string().nullable())
  .nullish()
  .transform((v) => v ?? {});

export const apiKeySchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  links: linkMap,
  actions: linkMap,
  name: z.string().nullish(),
  description: z.string().nullish(),
  // Kept as a free string: a release with a new state must not break listing keys.
  state: z.string(),
  accountId: z.string().nullish(),
  created: z.string().nullish(),
  createdTS: z.number().nullish(),
  kind: z.string().nullish(),
  publicValue: z.string().nullish(),
  /** Only set in the create response (read-on-create for non-admins). */
  secretValue: z.string().nullish(),
  removed: z.string().nullish(),
  uuid: z.string().nullish(),
  transitioning: z.string().nullish(),
  transitioningMessage: z.string().nullish(),
});
export type RancherApiKey = z.infer<typeof apiKeySchema>;

export const projectSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  state: z.string().nullish(),
  kind: z.string().nullish(),
});
export type RancherProject = z.infer<typeof projectSchema>;

const paginationSchema = z
  .object({
    next: z.string().nullish(),
    limit: z.number().nullish(),
    total: z.number().nullish(),
    partial: z.boolean().nullish(),
  })
  .nullish();

/** A Cattle collection of `item` resources. */
export function collectionSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    type: z.literal("collection"),
    resourceType: z.string().nullish(),
    data: z.array(item),
    pagination: paginationSchema,
  });
}

/** The API root (`GET /v2-beta`), `type: "apiVersion"`. */
export const apiVersionSchema = z.object({
  id: z.string(),
  type: z.literal("apiVersion"),
  links: linkMap,
});

/** Cattle's error envelope (`ErrorImpl`); `fieldName` only on validation (422) errors. */
export const errorSchema = z.object({
  type: z.literal("error"),
  status: z.coerce.number().int(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  detail: z.unknown().optional(),
  fieldName: z.string().nullish(),
});
export type RancherErrorBody = z.infer<typeof errorSchema>;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The Cattle error in a response body, or undefined when the body is not one. */
export function parseError(text: string): RancherErrorBody | undefined {
  const parsed = errorSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

/** The `marker` of the next page, which is all a client needs to ask for it on any host. */
export function nextMarker(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  try {
    return new URL(next, "http://rancher.invalid/").searchParams.get("marker") ?? undefined;
  } catch {
    return undefined;
  }
}

/** States in which a key is gone for good: nothing to deactivate or delete any more. */
export function isGone(state: string): boolean {
  return state === "removing" || state === "removed" || state === "purging" || state === "purged";
}

/** States that will settle without any further call. */
export function isTransitioning(key: Pick<RancherApiKey, "state" | "transitioning">): boolean {
  return key.transitioning === "yes" || /ing$|^updating-/.test(key.state) || key.state === "requested";
}
