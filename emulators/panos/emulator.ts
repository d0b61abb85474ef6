import type { ServerResponse } from "node:http";
import { XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import {
  readParams,
  sendText,
  startEmulator,
  type EmulatorRequest,
  type VendorEmulator,
  type VendorEmulatorOptions,
} from "../kit";
import { EmulatedFirewall, hashPassword, roleOf, type AdminUser, type CommitJob, type XmlApiType } from "./device";
import { cmdError, handleConfig } from "./config";
import { clockText, resourcesText, SYSTEM_IDENTITY, systemInfoFields } from "./system";
import { escapeXml, panosXmlParser } from "@/lib/vendors/panos/wire";

/**
 * A stand-in PAN-OS firewall speaking the XML API at `/api/` (and `/api`), GET or POST, with
 * parameters merged from the query string and the form body.
 *
 * Seeded administrators (running config):
 *   admin      / Keyward-Demo-1   superuser: the demo connection
 *   api-reader / Reader-Demo-1    role api-readonly
 *   ops-admin  / Ops-Demo-1       role api-ops
 *   no-api     / NoApi-Demo-1     role no-xmlapi: every XML API call but keygen answers 403
 * Admin role profiles: api-readonly (XML API op), api-ops (op, config, commit), no-xmlapi
 * (nothing), vsys1-reader (a vsys role with op; not bindable alone, so not offered).
 * show system info (system.ts): a PA-VM PA-VM-KEYWARD, serial 007054000123456, PAN-OS 11.1.2, with
 * content versions, uptime and VM fields; also show clock, show system resources, show jobs all,
 * revert config (whole or partial by admin) and pan-os-python's load of running-config.xml.
 *
 * Keys: `type=keygen` (credentials as parameters) against the running config. A key is sent
 * as `key=`, `X-PAN-KEY` or Basic credentials, and stops working once its administrator is
 * deleted (and committed) or changes password. Config changes wait in the candidate until a
 * commit job (ACT with `<progress>` rising, then FIN after 100-300 ms, or as long as
 * `commitDurationMs` / `PUT /__emulator/commit` says: a real firewall takes 20-120 s) moves them into the running config.
 */

export const PANOS_DEMO_PASSWORD = "Keyward-Demo-1";

const XML = "application/xml; charset=UTF-8";
const INVALID_CREDENTIAL =
  "<response status = 'error' code = '403'><result><msg>Invalid Credential</msg></result></response>";
interface PanosEmulatorState {
  users: Array<{ name: string; role: string }>;
  candidateUsers: string[];
  roles: string[];
  pendingChanges: Array<{ by: string; target: string; name: string; deleted: boolean }>;
  liveKeys: number;
  /** XML API requests served (control endpoints and faults excluded). */
  requests: number;
  /**
   * Each commit request as sent: the device takes a partial commit with or without
   * `action=partial`, so only this record shows whether a client sends what the documentation shows.
   */
  commitRequests: Array<{ action: string | null; partialAdmins: string[] | null }>;
}

export interface PanosEmulator extends VendorEmulator {
  /** The device model, for tests that flip commit outcomes, key lifetime or "Expire all API keys". */
  firewall: EmulatedFirewall;
  inspect(): PanosEmulatorState;
}

function seed(fw: EmulatedFirewall): void {
  const roles = [
    roleOf("api-readonly", ["op"], "Operational requests only"),
    roleOf("api-ops", ["op", "config", "commit"], "Operational requests, configuration and commit"),
    roleOf("no-xmlapi", [], "No XML API access"),
    { ...roleOf("vsys1-reader", ["op"]), scope: "vsys" as const },
  ];
  for (const r of roles) fw.running.roles.set(r.name, r);
  const users: Array<[string, string, AdminUser["permission"]]> = [
    ["admin", PANOS_DEMO_PASSWORD, { kind: "superuser" }],
    ["api-reader", "Reader-Demo-1", { kind: "custom", profile: "api-readonly" }],
    ["ops-admin", "Ops-Demo-1", { kind: "custom", profile: "api-ops" }],
    ["no-api", "NoApi-Demo-1", { kind: "custom", profile: "no-xmlapi" }],
  ];
  for (const [name, pw, permission] of users) fw.running.users.set(name, { name, phash: hashPassword(pw), permission });
}

function xml(res: ServerResponse, status: number, body: string, reason?: string): void {
  sendText(res, status, XML, body, reason);
}

/** Web-layer errors carry their message in the reason phrase too (pan-os-ansible#163, GH-POU139). */
function webError(res: ServerResponse, status: 400 | 403, message: string): void {
  const body =
    status === 403 && message === "Invalid Credential"
      ? INVALID_CREDENTIAL
      : `<response status = 'error' code = '${status}'><result><msg>${escapeXml(message)}</msg></result></response>`;
  xml(res, status, body, message);
}

function credentials(
  req: EmulatorRequest,
  params: Record<string, string>,
): { key: string } | { user: string; password: string } | null {
  if (params.key) return { key: params.key };
  const header = req.headers["x-pan-key"];
  if (typeof header === "string" && header) return { key: header };
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ""));
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function parseCmd(cmd: string | undefined): Record<string, unknown> | null {
  if (!cmd || XMLValidator.validate(cmd) !== true) return null;
  return panosXmlParser.parse(cmd) as Record<string, unknown>;
}

/**
 * PAN-OS prints job times in the device's local time: tenq and tfin with the date (a PAN-OS 11 job in
 * pan-os-python#625 shows `<tfin>2026/07/21 16:48:32</tfin>`), tdeq as a time of day; a running
 * job's tfin reads `Still Active` (pan-python's doc/panxapi.rst "Show job id").
 */
function deviceDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${deviceTime(ms)}`;
}

function deviceTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** One `<job>` as `show jobs id` and `show jobs all` print it, from the device's job model. */
function jobElement(job: CommitJob, now: number, fw: EmulatedFirewall): string {
  const state = fw.jobStatus(job, now);
  const fin = state.status === "FIN";
  const details = fin ? job.details.map((l) => `<line>${escapeXml(l)}</line>`).join("") : "";
  return (
    `<job><tenq>${deviceDateTime(job.enqueuedAt)}</tenq><tdeq>${deviceTime(job.startedAt)}</tdeq>` +
    `<id>${job.id}</id><user>${escapeXml(job.user)}</user><type>${job.type}</type><status>${state.status}</status>` +
    `<queued>NO</queued><stoppable>no</stoppable><result>${state.result}</result>` +
    `<tfin>${fin ? deviceDateTime(Math.min(job.finishAt, now)) : "Still Active"}</tfin><description></description><positionInQ>0</positionInQ>` +
    `<progress>${state.progress}</progress><details>${details}</details><warnings></warnings></job>`
  );
}

function jobXml(fw: EmulatedFirewall, id: number): string {
  const job = fw.job(id);
  if (!job) return cmdError(7, `job ${id} not found`);
  return `<response status="success"><result>${jobElement(job, Date.now(), fw)}</result></response>`;
}

/** `show jobs all`: every job, newest first; an empty `<result/>` before the first. */
function allJobsXml(fw: EmulatedFirewall): string {
  const now = Date.now();
  const jobs = fw.allJobs().map((j) => jobElement(j, now, fw));
  return jobs.length
    ? `<response status="success"><result>${jobs.join("")}</result></response>`
    : `<response status="success"><result/></response>`;
}

const has = (node: unknown, key: string): boolean => typeof node === "object" && node !== null && key in node;

/** `<revert><config/></revert>`, or with `<partial><admin><member>…` for some administrators' changes only. */
function revertXml(fw: EmulatedFirewall, config: unknown): string {
  const partial = has(config, "partial") ? (config as { partial: unknown }).partial : undefined;
  const members = (partial as { admin?: { member?: string[] } } | undefined)?.admin?.member;
  if (partial !== undefined && !members?.length) return cmdError(18, "revert config partial needs admin members");
  const dropped = fw.revert(members ?? null);
  if (dropped === 0) return `<response status="success"><result>There are no changes to revert.</result></response>`;
  return `<response status="success"><result>Candidate configuration reverted to the running configuration.</result></response>`;
}

function handleOp(fw: EmulatedFirewall, cmd: string | undefined): string {
  const tree = parseCmd(cmd);
  if (!tree) return cmdError(18, "Malformed Request");
  const show = tree.show as Record<string, unknown> | undefined;
  const system = show?.system as Record<string, unknown> | undefined;
  if (has(system, "info")) {
    const fields = systemInfoFields()
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join("");
    return `<response status="success"><result><system>${fields}</system></result></response>`;
  }
  if (has(system, "resources"))
    return `<response status="success"><result><![CDATA[${resourcesText()}]]></result></response>`;
  if (has(show, "clock")) return `<response status="success"><result>${clockText()}\n</result></response>`;
  const jobs = show?.jobs as Record<string, unknown> | undefined;
  if (jobs && typeof jobs.id === "string" && /^\d+$/.test(jobs.id)) return jobXml(fw, Number(jobs.id));
  if (has(jobs, "all")) return allJobsXml(fw);
  const revert = tree.revert as Record<string, unknown> | undefined;
  if (has(revert, "config")) return revertXml(fw, revert?.config);
  // pan-os-python's revert_to_running_configuration() loads the running config over the candidate.
  const load = (tree.load as { config?: { from?: unknown } } | undefined)?.config;
  if (load?.from === "running-config.xml") {
    fw.revert(null);
    return `<response status="success"><result><msg><line>Config loaded from running-config.xml</line></msg></result></response>`;
  }
  const request = tree.request as Record<string, unknown> | undefined;
  const hash = request?.["password-hash"] as Record<string, unknown> | undefined;
  if (hash && typeof hash.password === "string" && hash.password) {
    return `<response status="success"><result><phash>${escapeXml(hashPassword(hash.password))}</phash></result></response>`;
  }
  return cmdError(17, `${Object.keys(tree)[0] ?? "command"} is unexpected`);
}

/**
 * A partial commit is a `<partial>` element, with `action=partial` as the XML API documentation
 * shows it or without, as pan-os-python's `commit(admins=…)` and `FirewallCommit` send it; a
 * PAN-OS 11 firewall runs the latter as a partial commit (the job in pan-os-python#625).
 * INFERRED: `action=partial` without the element names no admins, so the emulator refuses it
 * rather than guess which commit was meant.
 */
function handleCommit(
  fw: EmulatedFirewall,
  by: string,
  cmd: string | undefined,
  action: string | undefined,
  seen: PanosEmulatorState["commitRequests"],
): string {
  const tree = parseCmd(cmd);
  if (!tree || !("commit" in tree)) return cmdError(18, "Malformed Request");
  const commit = tree.commit as { partial?: { admin?: { member?: string[] } } } | string;
  const partial = typeof commit === "object" && commit.partial !== undefined;
  if (action === "partial" && !partial) return cmdError(18, "action=partial needs a <partial> element");
  const admins = partial ? (commit.partial?.admin?.member ?? []) : null;
  seen.push({ action: action ?? null, partialAdmins: admins });
  const job = fw.commit(by, admins);
  if (!job) return `<response status="success" code="19"><msg>There are no changes to commit.</msg></response>`;
  return `<response status="success" code="19"><result><msg><line>Commit job enqueued with jobid ${job.id}</line></msg><job>${job.id}</job></result></response>`;
}

const TYPES = new Set(["keygen", "op", "config", "commit", "version"]);

export interface PanosEmulatorOptions extends VendorEmulatorOptions {
  /** The device's API Key Lifetime in minutes; unset (the PAN-OS default): keys never expire. */
  keyLifetimeMinutes?: number;
  /** How long commit jobs run (ms, picked in the range); the device model's short default when absent. */
  commitDurationMs?: [number, number];
}

const commitDurationSchema = z
  .object({ minMs: z.number().int().min(0).max(3_600_000), maxMs: z.number().int().min(0).max(3_600_000) })
  .refine((d) => d.maxMs >= d.minMs, "maxMs must not be below minMs");

/**
 * `GET /__emulator/commit` reads and `PUT` sets how long commit jobs run, so a test or a demo
 * can have a firewall as slow as a real one without restarting it.
 */
function commitControl(fw: EmulatedFirewall, path: string, method: string, body: unknown) {
  if (path !== "/__emulator/commit") return null;
  if (method === "PUT" || method === "POST") {
    const parsed = commitDurationSchema.safeParse(body);
    if (!parsed.success) return { status: 422, value: { error: parsed.error.issues[0]?.message ?? "bad body" } };
    fw.commitDurationMs = [parsed.data.minMs, parsed.data.maxMs];
  }
  return { status: 200, value: { minMs: fw.commitDurationMs[0], maxMs: fw.commitDurationMs[1] } };
}

export async function startPanosEmulator(opts: PanosEmulatorOptions): Promise<PanosEmulator> {
  const fw = new EmulatedFirewall();
  if (opts.commitDurationMs) fw.commitDurationMs = opts.commitDurationMs;
  seed(fw);
  fw.keyLifetimeMs = (opts.keyLifetimeMinutes ?? 0) * 60_000;
  let requests = 0;
  const commitRequests: PanosEmulatorState["commitRequests"] = [];

  async function handler(req: EmulatorRequest, res: ServerResponse): Promise<void> {
    if (req.url.pathname !== "/api/" && req.url.pathname !== "/api")
      return sendText(res, 404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>");
    if (req.method !== "GET" && req.method !== "POST")
      return sendText(res, 405, "text/html", "<html><body><h1>405 Method Not Allowed</h1></body></html>");
    requests++;
    fw.settle();
    const params = await readParams(req);
    const type = params.type ?? "";
    if (!TYPES.has(type)) return webError(res, 400, "Illegal parameter [type]");
    if (type === "keygen") {
      if (!params.user || !params.password)
        return webError(res, 400, `Parameter "${params.user ? "password" : "user"}" is required`);
      const admin = fw.login(params.user, params.password);
      if (!admin) return webError(res, 403, "Invalid Credential");
      return xml(res, 200, `<response status = 'success'><result><key>${fw.keygen(admin)}</key></result></response>`);
    }
    const cred = credentials(req, params);
    const admin = !cred ? null : "key" in cred ? fw.keyOwner(cred.key) : fw.login(cred.user, cred.password);
    if (!admin) return webError(res, 403, "Invalid Credential");
    if (type !== "version" && !fw.allowed(admin, type as XmlApiType))
      return webError(res, 403, `Type [${type}] not authorized for user role.`);
    if (type === "version") {
      return xml(
        res,
        200,
        `<response status="success"><result><sw-version>${SYSTEM_IDENTITY["sw-version"]}</sw-version><multi-vsys>off</multi-vsys><model>PA-VM</model><serial>${SYSTEM_IDENTITY.serial}</serial></result></response>`,
      );
    }
    if ((type === "op" || type === "commit") && !params.cmd) return webError(res, 400, 'Parameter "cmd" is required');
    if (type === "op") return xml(res, 200, handleOp(fw, params.cmd));
    if (type === "commit")
      return xml(res, 200, handleCommit(fw, admin.name, params.cmd, params.action, commitRequests));
    const reply = handleConfig(fw, admin.name, params);
    return reply.status === 200 ? xml(res, 200, reply.body) : webError(res, 400, reply.message);
  }

  /** What the firewall holds, for tests and `GET /__emulator/state`. */
  const inspect = (): PanosEmulatorState => {
    fw.settle();
    const candidate = fw.candidate();
    return {
      users: [...fw.running.users.values()].map((u) => ({
        name: u.name,
        role: u.permission.kind === "superuser" ? "superuser" : u.permission.profile,
      })),
      candidateUsers: [...candidate.users.keys()],
      roles: [...fw.running.roles.keys()],
      pendingChanges: fw.pendingChanges(),
      liveKeys: fw.liveKeyCount(),
      requests,
      commitRequests: [...commitRequests],
    };
  };

  const server = await startEmulator({
    name: "panos",
    handler,
    tls: opts.tls,
    port: opts.port,
    host: opts.host,
    malformedBody: { contentType: XML, body: "<response status = 'success'><result><key>LUFRPT" },
    inspect,
    control: (path, method, body) => commitControl(fw, path, method, body),
  });
  return {
    ...server,
    firewall: fw,
    inspect,
    demoConnection: {
      name: "PA-VM-KEYWARD (emulator)",
      settings: { username: "admin" },
      secrets: { password: PANOS_DEMO_PASSWORD },
      memberScopes: ["api-readonly"],
    },
  };
}
