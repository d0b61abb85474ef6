import { describe, expect, it } from "vitest";
import {
  ACCOUNT_PERMISSIONS,
  PERMISSIONS,
  TEAM_ROLES,
  can,
  needsSudo,
  permissionsOf,
  type AccountPermission,
  type Permission,
} from "./permissions";

describe("permission table", () => {
  it("lets only admins change connections and issue keys", () => {
    expect(can("admin", "connection.manage")).toBe(true);
    expect(can("member", "connection.manage")).toBe(false);
    expect(can("auditor", "connection.manage")).toBe(false);
    expect(can("member", "key.issue")).toBe(false);
    expect(can("auditor", "key.issue")).toBe(false);
  });

  it("lets auditors read the audit log but not members", () => {
    expect(can("auditor", "audit.read")).toBe(true);
    expect(can("member", "audit.read")).toBe(false);
  });

  it("names only known roles", () => {
    for (const { roles } of Object.values(PERMISSIONS)) for (const r of roles) expect(TEAM_ROLES).toContain(r);
    expect(permissionsOf("admin")).toEqual(Object.keys(PERMISSIONS));
  });

  it("asks for a recent re-authentication for everything that grants power, and for nothing that only reads", () => {
    const granting: Permission[] = [
      "team.manage",
      "connection.manage",
      "connection.test",
      "policy.manage",
      "key.issue",
      "key.manage",
      "request.issue",
      "request.decide",
      "notify.manage",
      "integration.manage",
    ];
    const sudo = (Object.keys(PERMISSIONS) as Permission[]).filter(needsSudo);
    expect(sudo.sort()).toEqual([...granting].sort());
    for (const p of sudo) expect(p.endsWith(".read") || p.includes(".read.")).toBe(false);
  });

  it("asks for sudo to add or remove a sign-in factor of one's own account, not to rename one", () => {
    const sudo = (Object.keys(ACCOUNT_PERMISSIONS) as AccountPermission[]).filter(needsSudo);
    expect(sudo).toEqual(["account.factors.manage"]);
    expect(needsSudo("account.security")).toBe(false);
    // The two tables do not share names, so needsSudo cannot read the wrong one.
    for (const p of Object.keys(ACCOUNT_PERMISSIONS)) expect(p in PERMISSIONS).toBe(false);
  });
});
