import "server-only";
import { VendorError } from "../errors";
import type {
  KeyRef,
  MintRequest,
  MintResult,
  VendorAdapter,
  VendorConnection,
  VendorKeySummary,
  VendorRole,
} from "../types";
import { RANCHER_DESCRIPTION_MAX_LENGTH, rancherCapabilities } from "./capabilities";
import { carriesMarker, markerThatFits, withMarker } from "../attempt-marker";
import { callRaw, rancherError, resolveApiRoot, secretsOf, type ApiRoot } from "./client";
import { redactVendorText } from "../redact";
import {
  createKey,
  deleteKey,
  getKey,
  listProjectKeys,
  listProjects,
  locateKey,
  runAction,
  settleBudgetMs,
  updateKey,
  waitUntilSettled,
  type KeyAction,
} from "./keys";
import { rancherUsageSnippets } from "./usage";
import { validateRancherKeyUpdate, validateRancherMintRequest } from "./validate";
import { isGone, type RancherApiKey } from "./wire";

/**
 * Rancher 1.x (Cattle) environment API keys. The connection holds an account API key; keys
 * are minted in one environment (a Cattle `project`) and authenticate with HTTP Basic
 * access:secret. Cattle deletes only inactive keys, so revoking deactivates first.
 */

export { validateRancherMintRequest } from "./validate";

function visibleProjects(root: ApiRoot) {
  return listProjects(root).then((projects) => projects.filter((p) => !isGone(p.state ?? "active")));
}

/** Runs an action unless the key is already where it should be, then waits for it to settle. */
async function moveKey(
  conn: VendorConnection,
  root: ApiRoot,
  environmentId: string,
  key: RancherApiKey,
  action: KeyAction,
): Promise<RancherApiKey> {
  const target = action === "activate" ? "active" : "inactive";
  const budget = settleBudgetMs(conn);
  if (isGone(key.state)) {
    throw new VendorError(
      "vendor_not_found",
      `API key ${key.id} has been deleted in Rancher (state ${key.state}); it can no longer be changed.`,
      404,
    );
  }
  let current = await waitUntilSettled(root, environmentId, key, budget);
  if (current.state !== target) {
    try {
      current = await runAction(root, environmentId, current.id, action);
    } catch (err) {
      // 422 ActionNotAvailable: someone else moved the key meanwhile; the re-read below decides.
      if (!(err instanceof VendorError && err.vendorStatus === 422)) throw err;
      current = await getKey(root, environmentId, current.id);
    }
    current = await waitUntilSettled(root, environmentId, current, budget);
  }
  if (current.state !== target) {
    throw new VendorError(
      "vendor_timeout",
      `Rancher left API key ${key.id} in state "${current.state}" instead of ${target}${current.transitioningMessage ? ` (${redactVendorText(current.transitioningMessage, secretsOf(root, {}))})` : ""}. Refresh in a moment; if it stays, check the key in Rancher's API → Keys page.`,
    );
  }
  return current;
}

async function mint(conn: VendorConnection, request: MintRequest): Promise<MintResult> {
  validateRancherMintRequest(request);
  const environmentId = request.scope[0]!;
  const root = await resolveApiRoot(conn);
  const name = request.name.trim();
  const description = withMarker(request.fields.description?.trim() || undefined, request.vendorKeyName);
  const created = await createKey(root, environmentId, {
    type: "apikey",
    accountId: environmentId,
    name,
    ...(description ? { description } : {}),
  });
  if (!created.publicValue || !created.secretValue) {
    throw new VendorError(
      "vendor_bad_response",
      `Rancher created API key ${created.id} ("${name}") in environment ${environmentId} but returned no access/secret key pair. Delete that key in Rancher's API → Keys page and issue again.`,
      201,
    );
  }

  // The secret exists now and cannot be read again: from here on nothing may throw it away.
  let settled = created;
  try {
    settled = await waitUntilSettled(root, environmentId, created, settleBudgetMs(conn));
    // Cattle activates new credentials by default; a server with that setting off leaves them inactive.
    if (settled.state === "inactive") settled = await moveKey(conn, root, environmentId, settled, "activate");
  } catch {
    // Reported through `meta.state`; verifyKey tells whether the key works.
  }

  return {
    vendorKeyId: created.id,
    secret: created.secretValue,
    publicId: created.publicValue,
    // Rancher has no expiry: this is the date Keyward's expire-due job revokes the key.
    expiresAt: request.expiresAt ?? null,
    meta: { environmentId, apiVersion: root.version, accessKey: created.publicValue, state: settled.state },
    usage: rancherUsageSnippets({
      serverUrl: root.conn.baseUrl,
      apiVersion: root.version,
      environmentId,
      accessKey: created.publicValue,
      secretKey: created.secretValue,
    }),
  };
}

export const rancherAdapter: VendorAdapter = {
  capabilities: rancherCapabilities,

  async testConnection(conn) {
    const root = await resolveApiRoot(conn);
    const projects = await visibleProjects(root);
    const names = projects.map((p) => p.name || p.id);
    return {
      facts: [
        { label: "Server", value: new URL(root.conn.baseUrl).host },
        { label: "API version", value: root.version },
        { label: "Environments", value: String(projects.length) },
        ...(names.length
          ? [{ label: "Environment names", value: names.slice(0, 10).join(", ") + (names.length > 10 ? ", …" : "") }]
          : []),
      ],
    };
  },

  async listRoles(conn): Promise<VendorRole[]> {
    const root = await resolveApiRoot(conn);
    const projects = await visibleProjects(root);
    return projects.map((p) => ({
      id: p.id,
      name: p.name || p.id,
      ...(p.description ? { description: p.description } : {}),
    }));
  },

  // The attempt's marker goes into the key's description, after the user's.
  vendorKeyName: (request, tag) =>
    markerThatFits(request.fields.description?.trim() || undefined, tag, RANCHER_DESCRIPTION_MAX_LENGTH),

  async findByVendorName(conn, vendorName): Promise<KeyRef[]> {
    const root = await resolveApiRoot(conn);
    const found: KeyRef[] = [];
    for (const project of await visibleProjects(root))
      for (const key of await listProjectKeys(root, project.id))
        if (!isGone(key.state) && carriesMarker(key.description, vendorName))
          found.push({ vendorKeyId: key.id, meta: { environmentId: project.id } });
    return found;
  },

  mint,

  async verifyKey(conn, key) {
    const environmentId = key.meta.environmentId;
    if (!key.publicId || !environmentId) return false;
    const root = await resolveApiRoot(conn);
    const doing = `checking the new key against environment ${environmentId}`;
    const credentials = { accessKey: key.publicId, secretKey: key.secret };
    const res = await callRaw(root, {
      method: "GET",
      path: `/projects/${encodeURIComponent(environmentId)}`,
      doing,
      credentials,
    });
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 401 || res.status === 403) return false;
    throw rancherError(res, doing, [key.secret, ...Object.values(conn.secrets)]);
  },

  async list(conn): Promise<VendorKeySummary[]> {
    const root = await resolveApiRoot(conn);
    const summaries: VendorKeySummary[] = [];
    for (const project of await visibleProjects(root)) {
      for (const key of await listProjectKeys(root, project.id)) {
        if (isGone(key.state)) continue;
        summaries.push({
          vendorKeyId: key.id,
          name: key.name || key.publicValue || key.id,
          active: key.state === "active",
          expiresAt: null,
        });
      }
    }
    return summaries;
  },

  async deactivate(conn, ref: KeyRef) {
    const root = await resolveApiRoot(conn);
    const { environmentId, key } = await locateKey(root, ref);
    await moveKey(conn, root, environmentId, key, "deactivate");
  },

  async activate(conn, ref: KeyRef) {
    const root = await resolveApiRoot(conn);
    const { environmentId, key } = await locateKey(root, ref);
    await moveKey(conn, root, environmentId, key, "activate");
  },

  async update(conn, ref, change) {
    validateRancherKeyUpdate(change);
    const root = await resolveApiRoot(conn);
    const located = await locateKey(root, ref);
    const { environmentId } = located;
    // Cattle edits only settled keys (update runs from active or inactive).
    const key = await waitUntilSettled(root, environmentId, located.key, settleBudgetMs(conn));
    if (isGone(key.state))
      throw new VendorError(
        "vendor_not_found",
        `API key ${key.id} has been deleted in Rancher; it can no longer be edited.`,
        404,
      );
    const body: { name?: string; description?: string } = {};
    if (change.name !== undefined) body.name = change.name.trim();
    if (change.description !== undefined) body.description = change.description;
    await updateKey(root, environmentId, key.id, body);
  },

  async revoke(conn, ref) {
    const root = await resolveApiRoot(conn);
    let located: Awaited<ReturnType<typeof locateKey>>;
    try {
      located = await locateKey(root, ref);
    } catch (err) {
      if (err instanceof VendorError && err.failure === "vendor_not_found") return; // already gone: revoked
      throw err;
    }
    const { environmentId } = located;
    let key = await waitUntilSettled(root, environmentId, located.key, settleBudgetMs(conn));
    if (isGone(key.state)) return;
    // Cattle answers 405 to a DELETE of an active key: deactivate, then delete.
    if (key.state !== "inactive") key = await moveKey(conn, root, environmentId, key, "deactivate");
    const removed = await deleteKey(root, environmentId, key.id);
    if (removed) await waitUntilSettled(root, environmentId, removed, settleBudgetMs(conn)).catch(() => removed);
  },
};
