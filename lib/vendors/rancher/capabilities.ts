import type { VendorCapabilities } from "../types";

/**
 * Cattle stores `name` in a varchar(255) column; `description` in a varchar(1024) one. The
 * emulator enforces the same limits with Cattle's `MaxLengthExceeded` validation error.
 */
export const RANCHER_NAME_MAX_LENGTH = 255;
export const RANCHER_DESCRIPTION_MAX_LENGTH = 1024;

/** What the connection and issue forms need to know about Rancher 1.x environment API keys. */
export const rancherCapabilities: VendorCapabilities = {
  vendor: "rancher",
  displayName: "Rancher 1.x",
  baseUrlExample: "https://rancher.example.com:8080",
  connectionFields: [
    {
      name: "accessKey",
      label: "Access key",
      kind: "text",
      required: true,
      help: "Access key (user name) of an account API key (API → Keys → Add Account API Key) whose account owns the environments keys will be issued in.",
    },
    {
      name: "secretKey",
      label: "Secret key",
      kind: "secret",
      required: true,
      help: "Secret key (password) of the same account API key. Rancher shows it only once, when the key is created.",
    },
  ],
  scope: { kind: "environment", label: "Environment", required: true },
  securityLevels: [],
  expiry: {
    kind: "picker",
    defaultDays: 90,
    maxDays: 365,
    allowNever: true,
    enforcedBy: "keyward",
    note: "Rancher environment API keys have no expiry of their own: at the date you pick, Keyward deactivates and deletes the key.",
  },
  nameMaxLength: RANCHER_NAME_MAX_LENGTH,
  issueFields: [
    {
      name: "description",
      label: "Description",
      kind: "textarea",
      required: false,
      maxLength: RANCHER_DESCRIPTION_MAX_LENGTH,
      help: "Shown beside the key in Rancher's API → Keys page.",
    },
  ],
  lifecycle: ["list", "deactivate", "activate", "update", "revoke"],
};
