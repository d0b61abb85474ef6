import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { CredentialState } from "@/lib/vendors/rancher/wire";

/**
 * The emulator's in-memory Cattle: accounts (users and the projects that the UI calls
 * environments — in Cattle a project is an account too) and credentials with the `credential`
 * state machine of `DefaultProcessesParser`. Transitional states settle after `transitionMs`,
 * checked lazily whenever a key is read, so no timers outlive the emulator.
 */

export interface StoredProject {
  id: string;
  uuid: string;
  name: string;
  description: string;
  created: Date;
}

export interface StoredAccount {
  id: string;
  name: string;
  kind: "admin" | "user";
  /** Projects a user may see, with whether it may change things there. Admins see all. */
  memberships: Record<string, "owner" | "readonly">;
}

export interface StoredKey {
  id: string;
  uuid: string;
  /** The owning account: a user's id for account keys, the project's id for environment keys. */
  accountId: string;
  name: string | null;
  description: string | null;
  publicValue: string;
  secretHash: Buffer;
  state: CredentialState;
  created: Date;
  removed: Date | null;
  /** The state a transitional state settles into, and when. */
  pending: { to: CredentialState; at: number } | null;
}

export type KeyProcess = "activate" | "deactivate" | "remove" | "purge";

/** Where each process may start, and the transitional and final states it goes through. */
const PROCESSES: Record<KeyProcess, { from: CredentialState[]; via: CredentialState; to: CredentialState }> = {
  activate: { from: ["inactive", "registering"], via: "activating", to: "active" },
  deactivate: {
    from: ["requested", "registering", "active", "activating", "updating-active", "updating-inactive"],
    via: "deactivating",
    to: "inactive",
  },
  remove: {
    from: ["requested", "inactive", "registering", "updating-active", "updating-inactive"],
    via: "removing",
    to: "removed",
  },
  purge: { from: ["removed"], via: "purging", to: "purged" },
};

export const KEY_PROCESSES = Object.keys(PROCESSES) as KeyProcess[];

export function canRun(process: KeyProcess, state: CredentialState): boolean {
  return PROCESSES[process].from.includes(state);
}

/** The action links a key in `state` shows: exactly the processes valid from it. */
export function availableActions(state: CredentialState): KeyProcess[] {
  return KEY_PROCESSES.filter((p) => canRun(p, state));
}

const hash = (secret: string) => createHash("sha256").update(secret, "utf8").digest();

/** `ApiKeyFilter.generateKeys()`: 20 upper-case hex characters and a 40-character secret. */
export function generateKeyPair(): { publicValue: string; secretValue: string } {
  const publicValue = randomBytes(10).toString("hex").toUpperCase();
  const secretValue = randomBytes(128)
    .toString("base64")
    .replace(/[O0lI+/=]/g, "")
    .slice(0, 40);
  return { publicValue, secretValue };
}

export class RancherStore {
  readonly projects = new Map<string, StoredProject>();
  readonly accounts = new Map<string, StoredAccount>();
  readonly keys = new Map<string, StoredKey>();
  private nextKeyNumber = 1;

  constructor(private readonly transitionMs: number) {}

  addProject(id: string, name: string, description: string): void {
    this.projects.set(id, { id, uuid: randomUUID(), name, description, created: new Date() });
  }

  addAccount(account: StoredAccount): void {
    this.accounts.set(account.id, account);
  }

  /** Adds a key; seeded keys are created already active, API-created ones start registering. */
  addKey(input: {
    accountId: string;
    name: string | null;
    description: string | null;
    publicValue: string;
    secretValue: string;
    settled?: boolean;
  }): StoredKey {
    const key: StoredKey = {
      id: `1c${this.nextKeyNumber++}`,
      uuid: randomUUID(),
      accountId: input.accountId,
      name: input.name,
      description: input.description,
      publicValue: input.publicValue,
      secretHash: hash(input.secretValue),
      state: input.settled ? "active" : "registering",
      created: new Date(),
      removed: null,
      // create: registering → inactive → (activate.by.default) → active, collapsed into one step.
      pending: input.settled ? null : { to: "active", at: Date.now() + this.transitionMs },
    };
    this.keys.set(key.id, key);
    return key;
  }

  /** Applies a pending transition whose time has come. */
  settle(key: StoredKey): StoredKey {
    if (key.pending && key.pending.at <= Date.now()) {
      key.state = key.pending.to;
      key.pending = null;
      if (key.state === "removed") key.removed = new Date();
    }
    return key;
  }

  key(id: string): StoredKey | undefined {
    const key = this.keys.get(id);
    return key && this.settle(key);
  }

  keysOf(accountId: string): StoredKey[] {
    return [...this.keys.values()].filter((k) => k.accountId === accountId).map((k) => this.settle(k));
  }

  publicValueTaken(publicValue: string): boolean {
    return [...this.keys.values()].some((k) => k.publicValue === publicValue);
  }

  /** Starts `process`; the caller has checked `canRun`. */
  run(key: StoredKey, process: KeyProcess): StoredKey {
    const { via, to } = PROCESSES[process];
    key.state = via;
    key.pending = { to, at: Date.now() + this.transitionMs };
    return key;
  }

  /** The active key with this access/secret pair (`AuthDaoImpl.getAccountByKeys`). */
  authenticate(publicValue: string, secretValue: string): StoredKey | undefined {
    const candidate = hash(secretValue);
    for (const key of this.keys.values()) {
      if (key.publicValue !== publicValue) continue;
      this.settle(key);
      if (key.state === "active" && timingSafeEqual(key.secretHash, candidate)) return key;
    }
    return undefined;
  }

  countsByState(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const key of this.keys.values()) {
      this.settle(key);
      counts[key.state] = (counts[key.state] ?? 0) + 1;
    }
    return counts;
  }
}
