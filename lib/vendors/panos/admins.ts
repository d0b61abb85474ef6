import "server-only";
import { randomInt } from "node:crypto";
import { VendorError, mintCancelled } from "../errors";
import type { MintContext, VendorConnection, VendorRole } from "../types";
import {
  CommitAbandoned,
  commitAndWait,
  configDelete,
  configRead,
  configSet,
  keygen,
  passwordHash,
  type CommitOptions,
  type PanosAuth,
} from "./client";
import { escapeXml } from "./wire";
import { redactVendorText } from "../redact";
import { readAdminRoles } from "./wire-results";

/**
 * Least-privilege keys: one dedicated API administrator per key, bound to an admin role
 * profile, so the key can be revoked alone by deleting that administrator (DOC-CERT: keys die
 * with their admin). Its password exists only in this process for the length of one mint.
 */

const ADMIN_ROLES_XPATH = "/config/shared/admin-role";

export function adminXpath(admin: string): string {
  return `/config/mgt-config/users/entry[@name='${admin}']`;
}

export async function listAdminRoles(conn: VendorConnection, auth: PanosAuth): Promise<VendorRole[]> {
  // The running config, not the candidate: a key's administrator is committed with a partial
  // commit of our own changes, which cannot bind it to a role still pending in someone's candidate.
  try {
    const reply = await configRead(conn, "show", ADMIN_ROLES_XPATH, auth, "list the admin role profiles");
    return readAdminRoles(reply.result, new URL(conn.baseUrl).host);
  } catch (err) {
    // `show` of an absent node answers code 7 "No such node" where `get` answers an empty result.
    if (err instanceof VendorError && err.failure === "vendor_not_found") return [];
    throw err;
  }
}

/**
 * Whether the administrator `admin` exists in the candidate configuration (which includes the
 * running one): `get` answers an empty result for an absent node.
 */
export async function findAdmin(conn: VendorConnection, auth: PanosAuth, admin: string): Promise<boolean> {
  const reply = await configRead(conn, "get", adminXpath(admin), auth, `look for the API administrator ${admin}`);
  return hasEntryNamed(reply.result, admin, 3);
}

/**
 * Whether a config reply holds `<entry name="…">`: directly under `<result>` (the device, for an
 * entry's xpath) or under its container (`<users>`, as some versions and the emulator answer).
 */
function hasEntryNamed(node: unknown, name: string, depth: number): boolean {
  if (depth < 0 || typeof node !== "object" || node === null) return false;
  const entry = (node as Record<string, unknown>).entry;
  const entries = Array.isArray(entry) ? entry : entry === undefined ? [] : [entry];
  if (entries.some((e) => (e as { $?: { name?: unknown } } | null)?.$?.name === name)) return true;
  return Object.entries(node).some(([k, v]) => k !== "$" && hasEntryNamed(v, name, depth - 1));
}

/** A throwaway password that satisfies common PAN-OS password-complexity profiles (all four classes). */
function randomAdminPassword(): string {
  const classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.!#%+"];
  const all = classes.join("");
  const chars = classes.map((c) => c[randomInt(c.length)]!);
  while (chars.length < 28) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

export interface IssuedAdminKey {
  admin: string;
  key: string;
}

/**
 * Creates the administrator `admin` (a `keyward-<slug>-<random>` name from `adminNameFor`) bound
 * to `role`, commits, and generates its key. Anything that fails after the administrator was
 * written is undone (delete + commit) before throwing — and so is a mint whose caller leaves
 * while the commit runs: that is the one point where stopping leaves nothing behind.
 */
export async function issueAdminKey(
  conn: VendorConnection,
  auth: PanosAuth & { kind: "basic" },
  admin: string,
  role: string,
  commit: CommitOptions,
  context: MintContext = {},
): Promise<IssuedAdminKey> {
  const report = context.progress ?? (() => undefined);
  const roles = await listAdminRoles(conn, auth);
  if (!roles.some((r) => r.id === role)) {
    const known = redactVendorText(roles.map((r) => r.name).join(", "), [auth.password]) || "none";
    throw new VendorError(
      "vendor_rejected",
      `The firewall has no device admin role profile named "${role}" (it has: ${known}). Pick another role.`,
    );
  }
  const password = randomAdminPassword();
  const phash = await passwordHash(conn, password, auth);
  const element =
    `<phash>${escapeXml(phash)}</phash>` +
    `<permissions><role-based><custom><profile>${escapeXml(role)}</profile></custom></role-based></permissions>`;
  try {
    await configSet(conn, adminXpath(admin), element, auth, {
      action: `create the API administrator ${admin}`,
      secrets: [phash],
    });
  } catch (err) {
    // A lost answer may hide a set that happened: undo it. A refusal created nothing.
    if (
      err instanceof VendorError &&
      ["vendor_timeout", "vendor_unreachable", "vendor_bad_response"].includes(err.failure)
    ) {
      await undoAdmin(conn, auth, admin, commit, err);
    }
    throw err;
  }
  report({ step: "admin_created", message: `API administrator ${admin} created; committing it` });
  try {
    await commitAndWait(conn, auth, commit, `adding the API administrator ${admin}`, {
      signal: context.signal,
      onProgress: (job, percent) =>
        report({
          step: "commit",
          message: `Commit job ${job}${percent === undefined ? " running" : ` at ${percent} %`}`,
          ...(percent === undefined ? {} : { percent }),
        }),
    });
    if (context.signal?.aborted) throw new CommitAbandoned(0);
    const key = await keygen(conn, admin, password, `generate a key for the API administrator ${admin}`);
    report({ step: "key_generated", message: `Key generated as ${admin}` });
    return { admin, key };
  } catch (err) {
    await undoAdmin(conn, auth, admin, commit, err);
    if (err instanceof CommitAbandoned)
      throw mintCancelled(`The API administrator ${admin} was deleted again and the deletion committed.`);
    throw err;
  }
}

/** Removes the half-made administrator; when that fails too, says which one to delete by hand. */
async function undoAdmin(
  conn: VendorConnection,
  auth: PanosAuth & { kind: "basic" },
  admin: string,
  commit: CommitOptions,
  cause: unknown,
): Promise<void> {
  try {
    await removeAdmin(conn, auth, admin, commit);
  } catch {
    const first = cause instanceof Error ? cause.message : String(cause);
    throw new VendorError(
      cause instanceof VendorError ? cause.failure : "vendor_bad_response",
      `${first} Removing the API administrator ${admin} again also failed: delete it on the firewall (Device > Administrators) and commit.`,
      cause instanceof VendorError ? cause.vendorStatus : undefined,
    );
  }
}

/** Deletes the administrator and commits; its keys stop working once the commit finished. */
export async function removeAdmin(
  conn: VendorConnection,
  auth: PanosAuth & { kind: "basic" },
  admin: string,
  commit: CommitOptions,
): Promise<void> {
  try {
    await configDelete(conn, adminXpath(admin), auth, `delete the API administrator ${admin}`);
  } catch (err) {
    // Already gone from the candidate config: still commit, in case only the running config has it.
    if (!(err instanceof VendorError && err.failure === "vendor_not_found")) throw err;
  }
  await commitAndWait(conn, auth, commit, `removing the API administrator ${admin}`);
}
