import "server-only";
import { VendorError } from "../errors";
import { redactVendorText } from "../redact";
import { vendorRequest } from "../http";
import type { VendorConnection } from "../types";
import { showJobCmd } from "./commands";
import { escapeXml, expectSuccess, parseEnvelope, type PanosReply } from "./wire";
import { readCommitJob, readJob, readKey, readPasswordHash } from "./wire-results";

/**
 * One function per XML API request type, like pan-python's `xapi.py`. Every call is a POST of
 * form-urlencoded parameters to `/api/`, so no password or key ever sits in a URL (and so in a
 * proxy or access log).
 */

export type PanosAuth =
  /** HTTP Basic: documented for normal requests (DOC-AUTH), so a connection test mints nothing. */
  | { kind: "basic"; user: string; password: string }
  | { kind: "key"; key: string }
  /** keygen carries its credentials as parameters. */
  | { kind: "none" };

export interface CallOptions {
  action: string;
  /** Extra values to scrub from any message the device echoes back. */
  secrets?: string[];
}

export function hostOf(conn: VendorConnection): string {
  return new URL(conn.baseUrl).host;
}

export function connectionAuth(conn: VendorConnection): PanosAuth & { kind: "basic" } {
  const user = conn.settings.username ?? "";
  const password = conn.secrets.password ?? "";
  if (!user || !password) {
    throw new VendorError(
      "vendor_auth",
      "The connection has no API administrator user name or password. Edit the connection and enter both.",
    );
  }
  return { kind: "basic", user, password };
}

function authHeaders(auth: PanosAuth): Record<string, string> {
  if (auth.kind === "basic")
    return { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`, "utf8").toString("base64")}` };
  if (auth.kind === "key") return { "x-pan-key": auth.key };
  return {};
}

function secretsOf(auth: PanosAuth, extra: string[] = []): string[] {
  if (auth.kind === "basic") return [auth.password, ...extra];
  if (auth.kind === "key") return [auth.key, ...extra];
  return extra;
}

async function xapi(
  conn: VendorConnection,
  params: Record<string, string>,
  auth: PanosAuth,
  opts: CallOptions,
): Promise<PanosReply> {
  const host = hostOf(conn);
  const res = await vendorRequest(conn, {
    method: "POST",
    path: "/api/",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/xml", ...authHeaders(auth) },
    body: new URLSearchParams(params).toString(),
  });
  const reply = parseEnvelope(res, host);
  return expectSuccess(reply, {
    host,
    action: opts.action,
    auth: auth.kind === "key" ? "key" : "password",
    secrets: secretsOf(auth, opts.secrets),
  });
}

export function op(conn: VendorConnection, cmd: string, auth: PanosAuth, opts: CallOptions): Promise<PanosReply> {
  return xapi(conn, { type: "op", cmd }, auth, opts);
}

export async function keygen(conn: VendorConnection, user: string, password: string, action: string): Promise<string> {
  const reply = await xapi(conn, { type: "keygen", user, password }, { kind: "none" }, { action, secrets: [password] });
  return readKey(reply.result, hostOf(conn));
}

export async function passwordHash(conn: VendorConnection, password: string, auth: PanosAuth): Promise<string> {
  const cmd = `<request><password-hash><password>${escapeXml(password)}</password></password-hash></request>`;
  const reply = await op(conn, cmd, auth, {
    action: "hash the new administrator's password",
    secrets: [password, escapeXml(password)],
  });
  return readPasswordHash(reply.result, hostOf(conn));
}

/** `action=get` reads the candidate config, `action=show` the running one. */
export function configRead(
  conn: VendorConnection,
  source: "get" | "show",
  xpath: string,
  auth: PanosAuth,
  action: string,
): Promise<PanosReply> {
  return xapi(conn, { type: "config", action: source, xpath }, auth, { action });
}

export function configSet(
  conn: VendorConnection,
  xpath: string,
  element: string,
  auth: PanosAuth,
  opts: CallOptions,
): Promise<PanosReply> {
  return xapi(conn, { type: "config", action: "set", xpath, element }, auth, opts);
}

export function configDelete(
  conn: VendorConnection,
  xpath: string,
  auth: PanosAuth,
  action: string,
): Promise<PanosReply> {
  return xapi(conn, { type: "config", action: "delete", xpath }, auth, { action });
}

export interface CommitOptions {
  /** Give up waiting after this long; the job keeps running on the firewall. */
  timeoutMs: number;
  pollIntervalMs: number;
}

/** Who is watching one commit: told the job's progress at every poll, and able to stop waiting. */
export interface CommitWatch {
  onProgress?: (jobId: number, percent: number | undefined) => void;
  /** Aborted: stop polling and throw `CommitAbandoned`; the job itself runs on (PAN-OS jobs are not stoppable). */
  signal?: AbortSignal;
}

export class CommitAbandoned extends Error {
  constructor(readonly jobId: number) {
    super(`stopped waiting for commit job ${jobId}`);
    this.name = "CommitAbandoned";
  }
}

/** A poll delay that ends early when the watcher leaves. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Commits only the changes the given administrator made (a partial commit), so minting or
 * revoking a key never pushes another admin's half-finished candidate changes live; then waits
 * for the job to finish. Resolves with the job id, or null when there was nothing to commit.
 */
export async function commitAndWait(
  conn: VendorConnection,
  auth: PanosAuth & { kind: "basic" },
  opts: CommitOptions,
  purpose: string,
  watch: CommitWatch = {},
): Promise<number | null> {
  const host = hostOf(conn);
  const cmd = `<commit><partial><admin><member>${escapeXml(auth.user)}</member></admin></partial></commit>`;
  // `action=partial` as the XML API documentation shows it (pan-os-python leaves it out; devices take both).
  const reply = await xapi(conn, { type: "commit", action: "partial", cmd }, auth, { action: `commit ${purpose}` });
  const jobId = readCommitJob(reply.result, reply.messages, host);
  if (jobId === null) return null;
  const deadline = Date.now() + opts.timeoutMs;
  watch.onProgress?.(jobId, 0);
  for (let attempt = 0; ; attempt++) {
    await pause(Math.min(opts.pollIntervalMs * 1.5 ** attempt, 2_000), watch.signal);
    if (watch.signal?.aborted) throw new CommitAbandoned(jobId);
    const status = await op(conn, showJobCmd(jobId), auth, { action: `read the status of commit job ${jobId}` });
    const job = readJob(status.result, host);
    watch.onProgress?.(jobId, job.finished ? 100 : job.progress);
    if (job.finished && job.ok) return jobId;
    if (job.finished) {
      const details = redactVendorText(job.details.join(" "), secretsOf(auth)) || "no details given";
      throw new VendorError("vendor_rejected", `The firewall's commit job ${jobId} (${purpose}) failed: "${details}".`);
    }
    if (Date.now() >= deadline) {
      throw new VendorError(
        "vendor_timeout",
        `The firewall's commit job ${jobId} (${purpose}) did not finish within ${seconds(opts.timeoutMs)}. Check the job in Monitor > Tasks on the firewall.`,
      );
    }
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
