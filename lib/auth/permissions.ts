/**
 * The one permission table. Handlers and pages ask `can(role, permission)`; nothing compares
 * role names anywhere else. `sudo` marks what grants power: the endpoint wrapper then also
 * requires a recent re-authentication (lib/auth/sudo.ts), so no route can forget it.
 */
export type TeamRole = "admin" | "member" | "auditor";
export const TEAM_ROLES: readonly TeamRole[] = ["admin", "member", "auditor"];

interface Rule {
  roles: readonly TeamRole[];
  /** Needs a password (or SSO) confirmation within the sudo window. */
  sudo: boolean;
}

const ALL: readonly TeamRole[] = TEAM_ROLES;

export const PERMISSIONS = {
  "team.read": { roles: ALL, sudo: false },
  /** See the team's pending invites. */
  "team.invites.read": { roles: ["admin"], sudo: false },
  /** Create accounts and invites, revoke invites, change roles, remove members, team settings (SSO domain included). */
  "team.manage": { roles: ["admin"], sudo: true },
  "connection.read": { roles: ALL, sudo: false },
  "connection.manage": { roles: ["admin"], sudo: true },
  /** A test sends the stored vendor credentials to the configured address. */
  "connection.test": { roles: ["admin"], sudo: true },
  /** Edit a connection's grants (its policy) and the team's unused-key policy. */
  "policy.manage": { roles: ["admin"], sudo: true },
  /** See every key of the team; members without it see their own. */
  "key.read": { roles: ALL, sudo: false },
  "key.read.all": { roles: ["admin", "auditor"], sudo: false },
  /** Issue a key directly (admins); members go through a request. */
  "key.issue": { roles: ["admin"], sudo: true },
  /** Deactivate, activate, edit, rotate, revoke, reset, adopt, reconcile. */
  "key.manage": { roles: ["admin"], sudo: true },
  /** File, read and cancel one's own requests. */
  "request.create": { roles: ["admin", "member"], sudo: false },
  /** Issue the key of one's own approved request: the secret comes back in the answer. */
  "request.issue": { roles: ["admin", "member"], sudo: true },
  "request.read.all": { roles: ["admin", "auditor"], sudo: false },
  "request.decide": { roles: ["admin"], sudo: true },
  /** See the team's notification rules and the delivery log (the e-mails held when no mail server is set). */
  "notify.read": { roles: ["admin", "auditor"], sudo: false },
  /** Change which events reach whom over which channel. */
  "notify.manage": { roles: ["admin"], sudo: true },
  /** Add, remove and test webhook endpoints (signed with a secret shown once) and audit streams to a SIEM. */
  "integration.manage": { roles: ["admin"], sudo: true },
  "audit.read": { roles: ["admin", "auditor"], sudo: false },
  "audit.verify": { roles: ["admin", "auditor"], sudo: false },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * The same table for one's own account (signed-in routes, no team role involved): only the
 * sudo column. Adding or removing a sign-in factor changes what a stolen session could do, so
 * it needs a recent confirmation like anything else that grants power.
 */
export const ACCOUNT_PERMISSIONS = {
  /** Rename one's passkeys. */
  "account.security": { sudo: false },
  /** Add or remove a passkey or authenticator app, regenerate recovery codes. */
  "account.factors.manage": { sudo: true },
} as const satisfies Record<string, { sudo: boolean }>;

export type AccountPermission = keyof typeof ACCOUNT_PERMISSIONS;

export function can(role: TeamRole, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly TeamRole[]).includes(role);
}

export function needsSudo(permission: Permission | AccountPermission): boolean {
  return permission in ACCOUNT_PERMISSIONS
    ? ACCOUNT_PERMISSIONS[permission as AccountPermission].sudo
    : PERMISSIONS[permission as Permission].sudo;
}

export function permissionsOf(role: TeamRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}
