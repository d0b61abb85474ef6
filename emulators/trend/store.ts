import { createHash, randomBytes } from "node:crypto";
import { TREND_LOCALES } from "@/lib/vendors/trend/wire";

/**
 * The emulator's in-memory manager: roles, administrators, API keys and web-service sessions,
 * with the manager's own rules for what an `ApiKey` body may hold. Errors carry the status and
 * `{"message"}` the `/api` answers with.
 */

/**
 * An integer field as the manager's JSON binding (Jackson) reads it: a number, or a string of
 * digits — Trend's own published samples send ids as `"2"`.
 */
function jsonInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value === "string" && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface StoredRole {
  ID: number;
  name: string;
  description: string;
  urn: string;
  immutable: boolean;
  /** Emulator shorthand for the role's rights: only such roles may change keys and roles. */
  canManage: boolean;
}

export interface StoredKey {
  ID: number;
  keyName: string;
  description?: string;
  locale: string;
  roleID?: number;
  timeZone: string;
  active: boolean;
  created: number;
  lastSignIn?: number;
  unsuccessfulSignInAttempts: number;
  expiryDate?: number;
  serviceAccount: boolean;
  secretHash: string;
}

export interface StoredAdmin {
  ID: number;
  userName: string;
  password: string;
  roleID: number;
}

export interface StoredSession {
  sID: string;
  rID: string;
  administratorID: number;
  created: number;
  lastActivity: number;
}

const NAME_MAX = 255;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
const token = () => randomBytes(16).toString("hex").toUpperCase();

function zoneKnown(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export class TrendStore {
  readonly roles = new Map<number, StoredRole>();
  readonly keys = new Map<number, StoredKey>();
  readonly admins = new Map<number, StoredAdmin>();
  readonly sessions = new Map<string, StoredSession>();
  private nextKeyId = 1;
  private nextRoleId = 1;

  constructor(readonly now: () => number) {}

  addRole(name: string, description: string, canManage: boolean, immutable = false): StoredRole {
    const role: StoredRole = {
      ID: this.nextRoleId++,
      name,
      description,
      urn: `urn:tmds:identity:emulator:0:role/${name}`,
      immutable,
      canManage,
    };
    this.roles.set(role.ID, role);
    return role;
  }

  /** A role as `GET /roles` shows it. */
  roleView(r: StoredRole): Record<string, unknown> {
    return {
      name: r.name,
      description: r.description,
      urn: r.urn,
      immutable: r.immutable,
      canOnlyManipulateUsersWithEqualOrLesserRights: !r.canManage,
      allComputers: true,
      allPolicies: true,
      allowUserInterface: true,
      allowWebService: true,
      ID: r.ID,
    };
  }

  /** Adds a key with a chosen or fresh secret, returning the secret (`<ID>:<base64>` like the docs' examples). */
  insertKey(
    fields: Omit<StoredKey, "ID" | "secretHash" | "created" | "unsuccessfulSignInAttempts" | "serviceAccount">,
    secret?: string,
  ): { key: StoredKey; secret: string } {
    const ID = this.nextKeyId++;
    const plain = secret ?? `${ID}:${randomBytes(32).toString("base64")}`;
    const key: StoredKey = {
      ...fields,
      ID,
      created: this.now(),
      unsuccessfulSignInAttempts: 0,
      serviceAccount: false,
      secretHash: hashSecret(plain),
    };
    this.keys.set(ID, key);
    return { key, secret: plain };
  }

  resetSecret(key: StoredKey): string {
    const plain = `${key.ID}:${randomBytes(32).toString("base64")}`;
    key.secretHash = hashSecret(plain); // the old secret stops working at once (inferred)
    return plain;
  }

  findKeyBySecret(secret: string): StoredKey | undefined {
    const hash = hashSecret(secret);
    for (const key of this.keys.values()) if (key.secretHash === hash) return key;
    return undefined;
  }

  isExpired(key: StoredKey): boolean {
    return key.expiryDate !== undefined && key.expiryDate <= this.now();
  }

  /** `ApiKey` as the API returns it: never the secret, which only create and reset add. */
  keyView(k: StoredKey): Record<string, unknown> {
    const view: Record<string, unknown> = {
      keyName: k.keyName,
      description: k.description ?? "",
      locale: k.locale,
      timeZone: k.timeZone,
      active: k.active,
      created: k.created,
      unsuccessfulSignInAttempts: k.unsuccessfulSignInAttempts,
      serviceAccount: k.serviceAccount,
      ID: k.ID,
    };
    if (k.roleID !== undefined) view.roleID = k.roleID;
    if (k.lastSignIn !== undefined) view.lastSignIn = k.lastSignIn;
    if (k.expiryDate !== undefined) view.expiryDate = k.expiryDate;
    return view;
  }

  /**
   * Checks an `ApiKey` body the way the manager does (types, known role, locale, IANA zone,
   * future expiry) and returns the fields to write. `creating` makes `keyName` required.
   */
  readKeyFields(body: Record<string, unknown>, creating: boolean): Partial<StoredKey> {
    const out: Partial<StoredKey> = {};
    if (body.keyName !== undefined || creating) {
      if (typeof body.keyName !== "string" || !body.keyName.trim()) throw new ApiFailure(400, "keyName is required.");
      if (body.keyName.trim().length > NAME_MAX)
        throw new ApiFailure(400, `keyName must be at most ${NAME_MAX} characters.`);
      out.keyName = body.keyName.trim();
    }
    if (body.description !== undefined) {
      if (typeof body.description !== "string") throw new ApiFailure(400, "description must be a string.");
      out.description = body.description;
    }
    if (body.locale !== undefined) {
      if (!(TREND_LOCALES as readonly unknown[]).includes(body.locale))
        throw new ApiFailure(400, `Invalid locale: ${String(body.locale)}. Allowed: ${TREND_LOCALES.join(", ")}.`);
      out.locale = body.locale as string;
    }
    if (body.roleID !== undefined) {
      const roleID = jsonInteger(body.roleID);
      if (roleID === undefined || !this.roles.has(roleID))
        throw new ApiFailure(400, `Invalid roleID: ${String(body.roleID)}.`);
      out.roleID = roleID;
    }
    if (body.timeZone !== undefined) {
      if (typeof body.timeZone !== "string" || !zoneKnown(body.timeZone))
        throw new ApiFailure(400, `Invalid timeZone: ${String(body.timeZone)}.`);
      out.timeZone = body.timeZone;
    }
    if (body.expiryDate !== undefined) {
      const expiryDate = jsonInteger(body.expiryDate);
      if (expiryDate === undefined) throw new ApiFailure(400, "expiryDate must be a time in milliseconds since epoch.");
      if (expiryDate <= this.now()) throw new ApiFailure(400, "expiryDate must be in the future.");
      out.expiryDate = expiryDate;
    }
    if (body.active !== undefined) {
      if (typeof body.active !== "boolean") throw new ApiFailure(400, "active must be true or false.");
      out.active = body.active;
    }
    return out;
  }

  openSession(admin: StoredAdmin): StoredSession {
    const session: StoredSession = {
      sID: token(),
      rID: token(),
      administratorID: admin.ID,
      created: this.now(),
      lastActivity: this.now(),
    };
    this.sessions.set(session.sID, session);
    return session;
  }

  findAdmin(userName: string): StoredAdmin | undefined {
    for (const admin of this.admins.values()) if (admin.userName === userName) return admin;
    return undefined;
  }
}
