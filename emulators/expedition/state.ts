import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { addMonths } from "date-fns";

/**
 * The Expedition emulator's in-memory world: users, their API keys, projects and jobs.
 *
 * Key lifetime (§2.4): one month from issue, extended on every login of the same user. INFERRED:
 * each login issues a new key and pushes every still-valid key of that user to "now + 1 month";
 * an expired key stays expired. Expedition documents no revocation, so keys only ever expire.
 */

export interface SeedUser {
  id: number;
  username: string;
  password: string;
}

interface Project {
  id: number;
  name: string;
  description: string;
  memberIds: number[];
}

interface Job {
  jobId: number;
  ownerId: number;
  description: string;
  state: number;
  JobMsg: { statusCode: number; statusMessage: string };
  TasksMsg: string[];
  nextStep: string[];
}

interface StoredKey {
  userId: number;
  fingerprint: string;
  issuedAt: number;
  expiresAt: number;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function alphanumeric(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a), "hex");
  const right = Buffer.from(sha256(b), "hex");
  return timingSafeEqual(left, right);
}

export type LoginResult =
  { ok: true; apiKey: string; csrfToken: string; userId: number } | { ok: false; reason: "bad_credentials" };

export interface ExpeditionSnapshot {
  users: Array<{ id: number; username: string; liveKeys: number; logins: number }>;
  liveKeys: number;
  /** Every request that reached a login route, successful or not. */
  loginAttempts: number;
  /** Live keys, by the same fingerprint the adapter puts in `vendorKeyId`; never the key itself. */
  keys: Array<{ userId: number; fingerprint: string; expiresAt: string }>;
}

export function createExpeditionState(users: SeedUser[], now: () => number) {
  const keys = new Map<string, StoredKey>(); // by full SHA-256 of the key
  const logins = new Map<number, number>();
  let loginAttempts = 0;
  const projects: Project[] = [
    { id: 1, name: "branch-asa-migration", description: "Cisco ASA to PAN-OS, branch offices", memberIds: [1, 2] },
    { id: 2, name: "dc-cleanup", description: "Remove unused objects from the data-centre firewall", memberIds: [1] },
  ];
  const jobs: Job[] = [
    {
      jobId: 1619,
      ownerId: 1,
      description: "Importing Config into Project",
      state: 1,
      JobMsg: { statusCode: 1, statusMessage: "Completed" },
      TasksMsg: ["Completed. Filter executed successfully"],
      nextStep: [],
    },
  ];

  const isLive = (key: StoredKey) => key.expiresAt > now();

  return {
    noteLoginAttempt() {
      loginAttempts += 1;
    },

    login(username: string, password: string): LoginResult {
      const user = users.find((u) => u.username === username);
      // Compare the password even for an unknown user, so timing does not reveal user names.
      const passwordMatches = sameSecret(password, user?.password ?? "\u0000no-such-user");
      if (!user || !passwordMatches) return { ok: false, reason: "bad_credentials" };
      const at = now();
      const extendedTo = addMonths(at, 1).getTime();
      for (const key of keys.values()) if (key.userId === user.id && isLive(key)) key.expiresAt = extendedTo;
      const apiKey = alphanumeric(128);
      keys.set(sha256(apiKey), {
        userId: user.id,
        fingerprint: sha256(apiKey).slice(0, 12),
        issuedAt: at,
        expiresAt: extendedTo,
      });
      logins.set(user.id, (logins.get(user.id) ?? 0) + 1);
      // Shaped like the documented sample: base64 of a timestamp followed by random characters.
      const csrfToken = Buffer.from(`${at}${alphanumeric(30)}`)
        .toString("base64")
        .replace(/=+$/, "");
      return { ok: true, apiKey, csrfToken, userId: user.id };
    },

    /** The user a Bearer key belongs to, or why it is refused. */
    authenticate(apiKey: string): { ok: true; user: SeedUser } | { ok: false; reason: "unknown" | "expired" } {
      const key = keys.get(sha256(apiKey));
      if (!key) return { ok: false, reason: "unknown" };
      if (!isLive(key)) return { ok: false, reason: "expired" };
      const user = users.find((u) => u.id === key.userId);
      return user ? { ok: true, user } : { ok: false, reason: "unknown" };
    },

    projectsOf(userId: number) {
      return projects
        .filter((p) => p.memberIds.includes(userId))
        .map(({ id, name, description }) => ({ id, name, description }));
    },

    jobOf(userId: number, jobId: number) {
      const job = jobs.find((j) => j.jobId === jobId && j.ownerId === userId);
      if (!job) return undefined;
      const { jobId: id, description, state, JobMsg, TasksMsg, nextStep } = job;
      return { jobId: id, description, state, JobMsg, TasksMsg, nextStep };
    },

    snapshot(): ExpeditionSnapshot {
      const live = [...keys.values()].filter(isLive);
      return {
        users: users.map((u) => ({
          id: u.id,
          username: u.username,
          liveKeys: live.filter((k) => k.userId === u.id).length,
          logins: logins.get(u.id) ?? 0,
        })),
        liveKeys: live.length,
        loginAttempts,
        keys: live.map((k) => ({
          userId: k.userId,
          fingerprint: k.fingerprint,
          expiresAt: new Date(k.expiresAt).toISOString(),
        })),
      };
    },
  };
}
