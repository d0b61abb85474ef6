import type { ServerResponse } from "node:http";
import { sendJson, type EmulatorRequest } from "../kit";
import { RANCHER_DESCRIPTION_MAX_LENGTH, RANCHER_NAME_MAX_LENGTH } from "@/lib/vendors/rancher/capabilities";
import { availableActions, canRun, generateKeyPair, KEY_PROCESSES, type KeyProcess, type RancherStore } from "./store";
import { keyCollectionUrl, renderCollection, renderKey, sendError } from "./render";

/**
 * The emulator's apiKey endpoints: collection (list, create) and resource (get, update,
 * actions, delete), with Cattle's validation errors and its state-machine rules — a DELETE
 * of a key that is not inactive is refused with 405, an action absent from the key's
 * `actions` map with 422 `ActionNotAvailable`.
 */

export interface Principal {
  accountId: string;
  admin: boolean;
  canSee(accountId: string): boolean;
  canWrite(accountId: string): boolean;
}

export interface KeyContext {
  store: RancherStore;
  req: EmulatorRequest;
  res: ServerResponse;
  /** `https://host/v2-beta` */
  base: string;
  principal: Principal;
}

type Body = Record<string, unknown>;

/** The JSON object body, or undefined after answering 422 `InvalidBodyContent`. */
function readBody(ctx: KeyContext): Body | undefined {
  if (ctx.req.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(ctx.req.body.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Body;
  } catch {
    // answered below
  }
  sendError(ctx.res, 422, "InvalidBodyContent");
  return undefined;
}

/** Cattle's field checks for name and description; answers the error and returns false. */
function fieldsValid(ctx: KeyContext, body: Body): boolean {
  for (const [field, max] of [
    ["name", RANCHER_NAME_MAX_LENGTH],
    ["description", RANCHER_DESCRIPTION_MAX_LENGTH],
  ] as const) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") {
      sendError(ctx.res, 422, "InvalidType", field);
      return false;
    }
    if (value.length > max) {
      sendError(ctx.res, 422, "MaxLengthExceeded", field);
      return false;
    }
  }
  return true;
}

const optionalString = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function handleKeyCollection(ctx: KeyContext, accountId: string, inProject: boolean): void {
  const { store, req, res, base, principal } = ctx;
  const self = keyCollectionUrl(base, accountId, inProject).toLowerCase();
  if (req.method === "GET") {
    const q = req.url.searchParams;
    const showRemoved = q.has("_removed");
    const keys = store
      .keysOf(accountId)
      .filter((k) => showRemoved || (k.state !== "removed" && k.state !== "purged"))
      .filter((k) => !q.get("name") || k.name === q.get("name"))
      .filter((k) => !q.get("state") || k.state === q.get("state"));
    const limit = Math.min(Math.max(Number(q.get("limit")) || 100, 1), 1000);
    const marker = /^m(\d+)$/.exec(q.get("marker") ?? "");
    return sendJson(
      res,
      200,
      renderCollection({
        self,
        resourceType: "apiKey",
        items: keys.map((k) => renderKey(base, k, inProject)),
        limit,
        marker: marker ? Number(marker[1]) : undefined,
        filters: { name: q.get("name"), state: q.get("state") },
        createTypes: { apiKey: self },
      }),
    );
  }
  if (req.method !== "POST") return sendError(res, 405);
  if (!principal.canWrite(accountId)) return sendError(res, 403);
  const body = readBody(ctx);
  if (!body || !fieldsValid(ctx, body)) return;

  let pair = generateKeyPair();
  // Admins may choose the pair (admin-auth.json); a public value must stay unique, even against inactive keys.
  if (principal.admin && typeof body.publicValue === "string") {
    if (store.publicValueTaken(body.publicValue)) return sendError(res, 422, "NotUnique", "publicValue");
    pair = {
      publicValue: body.publicValue,
      secretValue: typeof body.secretValue === "string" ? body.secretValue : pair.secretValue,
    };
  }
  const key = store.addKey({
    accountId,
    name: optionalString(body.name),
    description: optionalString(body.description),
    ...pair,
  });
  sendJson(res, 201, renderKey(base, key, inProject, pair.secretValue));
}

export function handleKeyResource(ctx: KeyContext, accountId: string, keyId: string, inProject: boolean): void {
  const { store, req, res, base, principal } = ctx;
  const key = store.key(keyId);
  if (!key || key.accountId !== accountId) return sendError(res, 404);
  if (req.method === "GET") return sendJson(res, 200, renderKey(base, key, inProject));
  if (!principal.canWrite(accountId)) return sendError(res, 403);

  if (req.method === "PUT") {
    const body = readBody(ctx);
    if (!body || !fieldsValid(ctx, body)) return;
    if (key.state !== "active" && key.state !== "inactive") return sendError(res, 422, "InvalidState", "state");
    // Only name and description are updatable; the access/secret pair never changes.
    if (body.name !== undefined) key.name = optionalString(body.name);
    if (body.description !== undefined) key.description = optionalString(body.description);
    return sendJson(res, 200, renderKey(base, key, inProject));
  }

  if (req.method === "POST") {
    const action = req.url.searchParams.get("action");
    if (!action) return sendError(res, 405);
    if (!(KEY_PROCESSES as string[]).includes(action)) return sendError(res, 422, "InvalidAction", "action");
    if (!availableActions(key.state).includes(action as KeyProcess))
      return sendError(res, 422, "ActionNotAvailable", "action");
    store.run(key, action as KeyProcess);
    return sendJson(res, 202, renderKey(base, key, inProject));
  }

  if (req.method === "DELETE") {
    if (key.state === "removing" || key.state === "removed" || key.state === "purging" || key.state === "purged") {
      return sendJson(res, 200, renderKey(base, key, inProject));
    }
    // The remove process is cancelled for an active key (ProcessCancelException → 405).
    if (!canRun("remove", key.state)) return sendError(res, 405);
    store.run(key, "remove");
    return sendJson(res, 200, renderKey(base, key, inProject));
  }
  sendError(res, 405);
}
