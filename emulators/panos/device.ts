import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The emulated firewall's state: admin role profiles and administrators in a running config,
 * pending candidate changes (who made them), issued API keys and commit jobs. No HTTP here.
 */

export const XMLAPI_TYPES = ["op", "config", "commit", "report", "log", "import", "export", "user-id", "iot"] as const;
export type XmlApiType = (typeof XMLAPI_TYPES)[number];

export interface RoleProfile {
  name: string;
  description?: string;
  /** `device` roles are bound with `<custom><profile>`; `vsys` roles are listed but not bindable alone. */
  scope: "device" | "vsys";
  xmlapi: Record<XmlApiType, boolean>;
}

export interface AdminUser {
  name: string;
  phash?: string;
  permission: { kind: "superuser" } | { kind: "custom"; profile: string };
}

type Change =
  | { by: string; target: "user"; name: string; value: AdminUser | null }
  | { by: string; target: "role"; name: string; value: RoleProfile | null };

export interface CommitJob {
  id: number;
  type: "Commit";
  user: string;
  /** tenq and tdeq: queued, and dequeued to run (at once here: the emulator runs jobs side by side). */
  enqueuedAt: number;
  startedAt: number;
  /** When it turns FIN (tfin); Infinity for a job stuck on purpose. */
  finishAt: number;
  changes: Change[];
  outcome: "OK" | "FAIL";
  details: string[];
  applied: boolean;
}

export interface JobStatus {
  status: "ACT" | "FIN";
  result: "PEND" | "OK" | "FAIL";
  progress: number;
}

export interface ConfigView {
  users: Map<string, AdminUser>;
  roles: Map<string, RoleProfile>;
}

const NAME_MAX = 31;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._@-]*$/;

export function nameProblem(name: string): string | null {
  if (name.length > NAME_MAX) return `'${name}' is too long (at most ${NAME_MAX} characters)`;
  if (!NAME_PATTERN.test(name)) return `'${name}' is not a valid name`;
  return null;
}

export function roleOf(name: string, rights: XmlApiType[], description?: string): RoleProfile {
  const xmlapi = Object.fromEntries(XMLAPI_TYPES.map((t) => [t, rights.includes(t)])) as Record<XmlApiType, boolean>;
  return { name, description, scope: "device", xmlapi };
}

/** `$5$salt$hex`: the shape of a crypt hash; what matters is that keygen can check a password against it. */
export function hashPassword(password: string, salt = randomBytes(6).toString("hex")): string {
  return `$5$${salt}$${createHash("sha256").update(`${salt}:${password}`).digest("hex")}`;
}

function passwordMatches(phash: string, password: string): boolean {
  const salt = phash.split("$")[2] ?? "";
  const a = Buffer.from(hashPassword(password, salt));
  const b = Buffer.from(phash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A config view with changes laid over it in order: a later change to the same name wins. */
function applied(base: ConfigView, changes: readonly Change[]): ConfigView {
  const view: ConfigView = { users: new Map(base.users), roles: new Map(base.roles) };
  for (const c of changes) {
    const map = (c.target === "user" ? view.users : view.roles) as Map<string, AdminUser | RoleProfile>;
    if (c.value) map.set(c.name, c.value);
    else map.delete(c.name);
  }
  return view;
}

export class EmulatedFirewall {
  readonly running: ConfigView = { users: new Map(), roles: new Map() };
  private pending: Change[] = [];
  private readonly keys = new Map<string, { user: string; phash: string; issuedAt: number }>();
  private readonly jobs = new Map<number, CommitJob>();
  private nextJobId = 1;
  private readonly masterKey = randomBytes(32);
  /** API Key Lifetime in ms; 0 = never expires (the PAN-OS default). */
  keyLifetimeMs = 0;
  keysExpiredAt = 0;
  /** Test switches for the commit queue. */
  commitBehaviour: { failNext: number; stuckNext: number } = { failNext: 0, stuckNext: 0 };
  /**
   * How long a commit job stays ACT, picked at random in this range (ms). Short by default so
   * tests that commit stay fast; the demo (`npm start`) asks for a real firewall's 10-30 s.
   */
  commitDurationMs: [number, number] = [100, 300];

  candidate(): ConfigView {
    return applied(this.running, this.pending);
  }

  change(c: Change): void {
    this.pending.push(c);
  }

  /** Enqueues a commit of everyone's changes, or only those of `admins` (a partial commit). */
  commit(by: string, admins: string[] | null, now = Date.now()): CommitJob | null {
    const changes = this.pending.filter((c) => admins === null || admins.includes(c.by));
    if (changes.length === 0) return null;
    const id = this.nextJobId++;
    const stuck = this.commitBehaviour.stuckNext > 0;
    const fail = !stuck && this.commitBehaviour.failNext > 0;
    if (stuck) this.commitBehaviour.stuckNext--;
    if (fail) this.commitBehaviour.failNext--;
    const problems = fail
      ? ["Validation Error:", "mgt-config -> users is invalid (commit failure switched on in the emulator)"]
      : this.validate(changes);
    const job: CommitJob = {
      id,
      type: "Commit",
      user: by,
      enqueuedAt: now,
      startedAt: now,
      finishAt: stuck
        ? Infinity
        : now +
          this.commitDurationMs[0] +
          Math.floor(Math.random() * (this.commitDurationMs[1] - this.commitDurationMs[0])),
      changes,
      outcome: problems.length ? "FAIL" : "OK",
      details: problems.length ? problems : ["Configuration committed successfully"],
      applied: false,
    };
    this.jobs.set(id, job);
    return job;
  }

  /**
   * A commit validates the configuration it would produce (running plus the committed changes),
   * not the changes one by one: a password-less administrator set and then deleted again leaves
   * nothing to complain about. A partial commit therefore checks running + that admin's changes.
   */
  private validate(changes: Change[]): string[] {
    const after = applied(this.running, changes);
    const problems: string[] = [];
    for (const user of after.users.values()) {
      if (!user.phash) problems.push(`mgt-config -> users -> ${user.name} has no password`);
      const perm = user.permission;
      if (perm.kind === "custom" && !after.roles.has(perm.profile)) {
        problems.push(
          `mgt-config -> users -> ${user.name} -> permissions -> role-based -> custom -> profile '${perm.profile}' is not a valid reference`,
        );
      }
    }
    return problems.length ? ["Validation Error:", ...problems] : [];
  }

  /**
   * `revert config`: drops the candidate changes of everyone, or only of `admins` (the partial
   * form). Changes already taken by a commit job stay with that job.
   */
  revert(admins: string[] | null): number {
    const before = this.pending.length;
    const committing = new Set([...this.jobs.values()].filter((j) => !j.applied).flatMap((j) => j.changes));
    this.pending = this.pending.filter((c) => committing.has(c) || (admins !== null && !admins.includes(c.by)));
    return before - this.pending.length;
  }

  /** Finishes jobs whose time has come; an OK job moves its changes into the running config. */
  settle(now = Date.now()): void {
    for (const job of this.jobs.values()) {
      if (job.applied || job.finishAt > now) continue;
      job.applied = true;
      if (job.outcome !== "OK") continue;
      const next = applied(this.running, job.changes);
      this.running.users = next.users;
      this.running.roles = next.roles;
      this.pending = this.pending.filter((c) => !job.changes.includes(c));
    }
  }

  job(id: number): CommitJob | undefined {
    return this.jobs.get(id);
  }

  /** Every job, newest first, as `show jobs all` lists them. */
  allJobs(): CommitJob[] {
    return [...this.jobs.values()].sort((a, b) => b.id - a.id);
  }

  /** What `show jobs id` reports: ACT with a progress rising with elapsed time, then FIN at 100. */
  jobStatus(job: CommitJob, now = Date.now()): JobStatus {
    if (job.applied || job.finishAt <= now) return { status: "FIN", result: job.outcome, progress: 100 };
    // A stuck job creeps towards, and stays below, 99 % the way a hung commit does on a device.
    const span = Number.isFinite(job.finishAt) ? job.finishAt - job.startedAt : 600_000;
    const share = Math.min(Math.max((now - job.startedAt) / span, 0), 0.99);
    return { status: "ACT", result: "PEND", progress: Math.max(1, Math.floor(share * 100)) };
  }

  /** Checks a password against the running config: a user only set in the candidate cannot log in. */
  login(user: string, password: string): AdminUser | null {
    const admin = this.running.users.get(user);
    return admin?.phash && passwordMatches(admin.phash, password) ? admin : null;
  }

  /**
   * Without a lifetime, PAN-OS derives the key from user, password and master key, so the same
   * credentials give the same key (DOC-KEY-8.1); with a lifetime every key is new (DOC-LIFE).
   * Keys use only `[A-Za-z0-9=]`: pan-python sends them without URL-encoding.
   */
  keygen(admin: AdminUser, now = Date.now()): string {
    const phash = admin.phash ?? "";
    const nonce = this.keyLifetimeMs > 0 ? randomBytes(8).toString("hex") : "";
    const mac = createHmac("sha512", this.masterKey).update(`${admin.name}\0${phash}\0${nonce}`).digest("base64");
    const key = `LUFRPT${mac.replace(/[^A-Za-z0-9]/g, "")}${createHash("sha256")
      .update(mac)
      .digest("base64")
      .replace(/[^A-Za-z0-9]/g, "")}==`;
    this.keys.set(key, { user: admin.name, phash, issuedAt: now });
    return key;
  }

  /** A key works while its admin exists in the running config with the same password and it has not expired. */
  keyOwner(key: string, now = Date.now()): AdminUser | null {
    const issued = this.keys.get(key);
    if (!issued || issued.issuedAt <= this.keysExpiredAt) return null;
    if (this.keyLifetimeMs > 0 && now - issued.issuedAt >= this.keyLifetimeMs) return null;
    const admin = this.running.users.get(issued.user);
    return admin && admin.phash === issued.phash ? admin : null;
  }

  /** The "Expire all API Keys" button. */
  expireAllKeys(now = Date.now()): void {
    this.keysExpiredAt = now;
  }

  allowed(admin: AdminUser, type: XmlApiType): boolean {
    if (admin.permission.kind === "superuser") return true;
    return this.running.roles.get(admin.permission.profile)?.xmlapi[type] ?? false;
  }

  liveKeyCount(): number {
    return [...this.keys.keys()].filter((k) => this.keyOwner(k) !== null).length;
  }

  pendingChanges(): Array<{ by: string; target: string; name: string; deleted: boolean }> {
    return this.pending.map((c) => ({ by: c.by, target: c.target, name: c.name, deleted: c.value === null }));
  }
}
