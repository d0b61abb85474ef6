/**
 * Seeded state of the XSIAM emulator (these accounts go into the README).
 *
 * Tenant "acme-main" (licensed; MSSP parent paired with child tenant "5550001"):
 *   - key 2841, standard, role "Instance Administrator":
 *     pMIeMob8R7vcseG1ZBdHGS0kOSKCtZo0dHyv5nUFaKvwHKeaVP8c5qL45TIDglGIrCvyB0vVOcnDNvU1tErekzpo7nvKeUezVEbuHmkxiNJlPob5hZRMzeSTsg1DwHE5
 *   - key 2842, advanced, role "Instance Administrator" (the demo connection's key):
 *     aRqA0CZ1i9f5CwcBWhnAYC4DqL7zd19DmwguMNvmsEqyUsTNdeKQyIWYkcvyxSgVAZfYRZ5gu89szk8n4Rb3selpLNZhBo5eWI3GYhNKI3UcIdJ1I8z8QQfAFUlaTiVK
 *   - key 2843, standard, role "Viewer" (authenticates, but API-key calls answer 403):
 *     2TSy6jFpOl3xrKs8VUgaf1tJrJee8FyXNbWVISsYoGgbz05MdIzDapwhjMh7cKT1ibGLONnqj3fNY3Xag3Gi941TXtxqVfQvf3u5M1v68NXnUwk0c3GDDmSzXU6ibD15
 * Tenant "acme-trial" (no license for the public API: every call answers 402):
 *   - key 2844, standard, role "Instance Administrator":
 *     TrialKey000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002844
 * Tenant "5550001" (child of acme-main; reached with x-child-tenant-id: 5550001); any other child id answers 403.
 * Every tenant has the roles "Instance Administrator", "Investigator" and "Viewer".
 * Keys minted at run time get ids from 3000 up and 128-character [A-Za-z0-9] secrets.
 */

export const MAIN_TENANT = "acme-main";
export const TRIAL_TENANT = "acme-trial";
export const CHILD_TENANT = "5550001";

export const SEEDED_KEYS = {
  standardAdmin: {
    id: 2841,
    key: "pMIeMob8R7vcseG1ZBdHGS0kOSKCtZo0dHyv5nUFaKvwHKeaVP8c5qL45TIDglGIrCvyB0vVOcnDNvU1tErekzpo7nvKeUezVEbuHmkxiNJlPob5hZRMzeSTsg1DwHE5",
    level: "standard",
    roles: ["Instance Administrator"],
    tenant: MAIN_TENANT,
  },
  advancedAdmin: {
    id: 2842,
    key: "aRqA0CZ1i9f5CwcBWhnAYC4DqL7zd19DmwguMNvmsEqyUsTNdeKQyIWYkcvyxSgVAZfYRZ5gu89szk8n4Rb3selpLNZhBo5eWI3GYhNKI3UcIdJ1I8z8QQfAFUlaTiVK",
    level: "advanced",
    roles: ["Instance Administrator"],
    tenant: MAIN_TENANT,
  },
  viewer: {
    id: 2843,
    key: "2TSy6jFpOl3xrKs8VUgaf1tJrJee8FyXNbWVISsYoGgbz05MdIzDapwhjMh7cKT1ibGLONnqj3fNY3Xag3Gi941TXtxqVfQvf3u5M1v68NXnUwk0c3GDDmSzXU6ibD15",
    level: "standard",
    roles: ["Viewer"],
    tenant: MAIN_TENANT,
  },
  trialAdmin: {
    id: 2844,
    key: "TrialKey".padEnd(124, "0") + "2844",
    level: "standard",
    roles: ["Instance Administrator"],
    tenant: TRIAL_TENANT,
  },
} as const;

/** Permission names the emulator checks; real roles carry many more. */
export const PERMISSION_API_KEYS = "public_api_keys_action";
export const PERMISSION_RBAC = "rbac_action";

export const SEEDED_ROLES = [
  {
    roleId: "instance_admin",
    prettyName: "Instance Administrator",
    description: "Full access to the tenant.",
    permissions: [PERMISSION_API_KEYS, PERMISSION_RBAC, "Dashboards", "Reports", "Incidents", "Alerts"],
  },
  {
    roleId: "investigator",
    prettyName: "Investigator",
    description: "Investigates incidents and alerts.",
    permissions: ["Incidents", "Alerts", "Dashboards"],
  },
  {
    roleId: "viewer",
    prettyName: "Viewer",
    description: "Read-only access to dashboards and reports.",
    permissions: ["Dashboards", "Reports"],
  },
] as const;

export const SEEDED_USERS = [
  {
    user_email: "admin@acme.example",
    user_first_name: "Ada",
    user_last_name: "Admin",
    role_name: "Instance Administrator",
  },
  { user_email: "analyst@acme.example", user_first_name: "Ann", user_last_name: "Analyst", role_name: "Investigator" },
] as const;
