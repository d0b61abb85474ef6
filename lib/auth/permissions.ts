/**
 * The one permission table. Handlers and pages ask `can(role, permission)`; nothing compares
 * role names anywhere else.
 */
export type TeamRole = "admin" | "member" | "auditor";
export const TEAM_ROLES: readonly TeamRole[] = ["admin", "member", "auditor"];

export const PERMISSIONS = {
  "team.read": ["admin", "member", "auditor"],
  /** Invites, members, roles, team settings (self-approval, approval window, SSO domain). */
  "team.manage": ["admin"],
  "connection.read": ["admin", "member", "auditor"],
  "connection.manage": ["admin"],
  "connection.test": ["admin"],
  /** Edit a connection's grants (its policy). */
  "policy.manage": ["admin"],
  /** See every key of the team; members without it see their own. */
  "key.read": ["admin", "member", "auditor"],
  "key.read.all": ["admin", "auditor"],
  /** Issue a key directly (admins); members go through a request. */
  "key.issue": ["admin"],
  /** Deactivate, activate, edit, rotate, revoke, adopt, reconcile. */
  "key.manage": ["admin"],
  "request.create": ["admin", "member"],
  "request.read.all": ["admin", "auditor"],
  "request.decide": ["admin"],
  "audit.read": ["admin", "auditor"],
  "audit.verify": ["admin", "auditor"],
} as const satisfies Record<string, readonly TeamRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: TeamRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly TeamRole[]).includes(role);
}

export function permissionsOf(role: TeamRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}
