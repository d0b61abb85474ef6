import "server-only";
import { type z } from "zod";
import { VendorError } from "../errors";
import type { KeyRef, VendorConnection } from "../types";
import { call, callRaw, rancherError, secretsOf, type ApiRoot } from "./client";
import {
  apiKeySchema,
  collectionSchema,
  isTransitioning,
  nextMarker,
  parseJson,
  projectSchema,
  type RancherApiKey,
  type RancherProject,
} from "./wire";

/**
 * The environment-key calls of Cattle's API, one function per call, plus the waiting that
 * its asynchronous state machine needs (a create answers `registering`, an action answers
 * `deactivating`, and only the settled state tells what the key can do).
 */

const PAGE_LIMIT = "100";
// Enough for a Rancher with thousands of environments, small enough to stop a looping server.
const MAX_PAGES = 50;

async function listAll<T extends z.ZodTypeAny>(
  root: ApiRoot,
  path: string,
  item: T,
  doing: string,
): Promise<z.infer<T>[]> {
  const items: z.infer<T>[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: Record<string, string> = { limit: PAGE_LIMIT };
    if (marker) query.marker = marker;
    const collection = await call(root, { method: "GET", path, query, doing }, collectionSchema(item));
    items.push(...collection.data);
    marker = nextMarker(collection.pagination?.next);
    if (!marker) break;
  }
  return items;
}

export function listProjects(root: ApiRoot): Promise<RancherProject[]> {
  return listAll(root, "/projects", projectSchema, "listing environments");
}

export function listProjectKeys(root: ApiRoot, environmentId: string): Promise<RancherApiKey[]> {
  return listAll(
    root,
    `/projects/${encodeURIComponent(environmentId)}/apikeys`,
    apiKeySchema,
    `listing the API keys of environment ${environmentId}`,
  );
}

function keyPath(environmentId: string, keyId: string): string {
  return `/projects/${encodeURIComponent(environmentId)}/apikeys/${encodeURIComponent(keyId)}`;
}

export function createKey(root: ApiRoot, environmentId: string, body: Record<string, string>): Promise<RancherApiKey> {
  return call(
    root,
    {
      method: "POST",
      path: `/projects/${encodeURIComponent(environmentId)}/apikeys`,
      body,
      doing: `creating an API key in environment ${environmentId}`,
    },
    apiKeySchema,
  );
}

export function getKey(root: ApiRoot, environmentId: string, keyId: string): Promise<RancherApiKey> {
  return call(
    root,
    { method: "GET", path: keyPath(environmentId, keyId), doing: `reading API key ${keyId}` },
    apiKeySchema,
  );
}

export function updateKey(
  root: ApiRoot,
  environmentId: string,
  keyId: string,
  change: { name?: string; description?: string },
): Promise<RancherApiKey> {
  return call(
    root,
    {
      method: "PUT",
      path: keyPath(environmentId, keyId),
      body: change,
      doing: `editing API key ${keyId}`,
      retryOnConflict: true,
    },
    apiKeySchema,
  );
}

export type KeyAction = "activate" | "deactivate";

/** `POST …/apikeys/{id}?action=…`; Cattle answers 202 with the reloaded key. */
export function runAction(
  root: ApiRoot,
  environmentId: string,
  keyId: string,
  action: KeyAction,
): Promise<RancherApiKey> {
  return call(
    root,
    {
      method: "POST",
      path: keyPath(environmentId, keyId),
      query: { action },
      doing: `running "${action}" on API key ${keyId}`,
      retryOnConflict: true,
    },
    apiKeySchema,
  );
}

/** `DELETE` answers 200 with the key in `removing`/`removed`; 405 while it is still active. */
export async function deleteKey(
  root: ApiRoot,
  environmentId: string,
  keyId: string,
): Promise<RancherApiKey | undefined> {
  const opts = { method: "DELETE" as const, path: keyPath(environmentId, keyId), doing: `deleting API key ${keyId}` };
  const res = await callRaw(root, opts);
  if (res.status === 204) return undefined;
  if (res.status < 200 || res.status >= 300) throw rancherError(res, opts.doing, secretsOf(root, {}));
  const parsed = apiKeySchema.safeParse(parseJson(res.body));
  return parsed.success ? parsed.data : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Re-reads the key until it leaves its transitional state or `deadlineMs` passes; returns the
 * last state seen, so the caller decides what an unsettled key means.
 */
export async function waitUntilSettled(
  root: ApiRoot,
  environmentId: string,
  key: RancherApiKey,
  deadlineMs: number,
): Promise<RancherApiKey> {
  let current = key;
  let delay = 50;
  const until = Date.now() + deadlineMs;
  while (isTransitioning(current) && current.transitioning !== "error" && Date.now() + delay < until) {
    await sleep(delay);
    delay = Math.min(delay * 2, 500);
    current = await getKey(root, environmentId, current.id);
  }
  return current;
}

/**
 * Where a key lives. Keys minted here carry `meta.environmentId`; a key found any other way
 * (an import, an old record) is looked for in every environment the connection sees.
 */
export async function locateKey(root: ApiRoot, ref: KeyRef): Promise<{ environmentId: string; key: RancherApiKey }> {
  const known = ref.meta.environmentId;
  if (known) return { environmentId: known, key: await getKey(root, known, ref.vendorKeyId) };
  for (const project of await listProjects(root)) {
    const doing = `looking for API key ${ref.vendorKeyId} in environment ${project.id}`;
    const res = await callRaw(root, { method: "GET", path: keyPath(project.id, ref.vendorKeyId), doing });
    if (res.status === 404) continue;
    if (res.status !== 200) throw rancherError(res, doing, secretsOf(root, {}));
    const parsed = apiKeySchema.safeParse(parseJson(res.body));
    if (parsed.success) return { environmentId: project.id, key: parsed.data };
  }
  throw new VendorError(
    "vendor_not_found",
    `Rancher has no API key ${ref.vendorKeyId} in any environment the connection's account can see. It may have been deleted in Rancher.`,
    404,
  );
}

/** How long lifecycle calls wait for Cattle's state machine. */
export function settleBudgetMs(conn: VendorConnection): number {
  return Math.max(2_000, conn.timeoutMs ?? 10_000);
}
