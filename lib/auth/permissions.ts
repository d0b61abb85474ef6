/**
 * The one permission table. Handlers and pages ask `can(role, permission)`; nothing compares
 * role names anywhere else.
 */
export type TeamRole = "admin" | "member" | "auditor";
export const TEAM_ROLES: readonly TeamRole[] = ["admin", "member", "auditor"];

export const PERMISSIONS = {
  "connection.read": ["admin", "member", "auditor"],
  "connection.manage": ["admin"],
  "connection.test": ["admin"],
  "key.read": ["admin", "member", "auditor"],
  "key.issue": ["admin"],
  "audit.read": ["admin", "auditor"],
  "team.read": ["admin", "member", "auditor"],
} as const satisfies Record<string, readonly TeamRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: TeamRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly TeamRole[]).includes(role);
}

export function permissionsOf(role: TeamRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}
