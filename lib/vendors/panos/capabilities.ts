import type { VendorCapabilities } from "../types";

/**
 * What the PAN-OS XML API lets Keyward do, as the UI needs to know it. Pure data: the issue
 * form and `validatePanosMintRequest` import this without pulling in any server code.
 */

/** Keyward's own label for the key; the firewall only ever sees a slug of it (see `adminNameFor`). */
export const PANOS_NAME_MAX_LENGTH = 64;

/** pan-python's `.panrc` tag rule is `^[\w-]+$`; empty means "untagged lines". */
export const PANRC_TAG_PATTERN = "^[\\w-]*$";
export const PANRC_TAG_MAX_LENGTH = 64;

export const panosCapabilities: VendorCapabilities = {
  vendor: "panos",
  displayName: "PAN-OS firewall (XML API)",
  baseUrlExample: "https://firewall.example.com",
  connectionFields: [
    {
      name: "username",
      label: "API administrator",
      kind: "text",
      required: true,
      help: "An administrator whose role allows XML API operational requests. To issue least-privilege keys (an admin role profile chosen per key) it also needs XML API configuration and commit rights; Keyward then commits only this administrator's own changes.",
    },
    { name: "password", label: "Password", kind: "secret", required: true },
  ],
  scope: {
    kind: "role",
    label: "Admin role profile",
    required: false,
    emptyChoice: "None: a key for the connection's own account",
    ownAccount: "empty",
  },
  securityLevels: [],
  expiry: {
    kind: "picker",
    defaultDays: 90,
    maxDays: 365,
    allowNever: true,
    enforcedBy: "keyward",
    note: "PAN-OS keys carry no expiry of their own (the firewall's API Key Lifetime setting, Device > Setup > Management > Authentication Settings, may end them earlier, and “Expire all API keys” ends them all). At the date you pick, Keyward deletes the key's administrator and commits. A key for the connection's own account cannot be revoked alone: at its date it is flagged for an admin to retire by hand.",
  },
  nameMaxLength: PANOS_NAME_MAX_LENGTH,
  connectionWarning: {
    title: "“Expire all API keys” on the firewall ends every Keyward key",
    text: "The button under Device > Setup > Management > Authentication Settings revokes every API key the firewall has issued — each per-key administrator's and the connection's own account's — at once, and Keyward is not told: the XML API offers no way to see it, so the inventory keeps showing those keys active. After pressing it, revoke or retire those keys in Keyward too. The firewall's API Key Lifetime, shown by the connection test, also ends each key that many minutes after it was generated: Keyward dates every key by the earlier of that and its own expiry.",
  },
  issueFields: [
    {
      name: "tag",
      label: ".panrc tag",
      kind: "text",
      required: false,
      maxLength: PANRC_TAG_MAX_LENGTH,
      pattern: PANRC_TAG_PATTERN,
      patternMessage: "Use letters, digits, underscores and hyphens only (pan-python's tag rule).",
      help: "Written as hostname%TAG= and api_key%TAG= in the .panrc lines, so `panxapi.py -t TAG` picks this key. Leave empty for untagged lines.",
    },
  ],
  lifecycle: ["revoke"],
};
