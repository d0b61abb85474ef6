import { XMLValidator } from "fast-xml-parser";
import {
  nameProblem,
  XMLAPI_TYPES,
  type AdminUser,
  type ConfigView,
  type EmulatedFirewall,
  type RoleProfile,
} from "./device";
import { escapeXml, panosXmlParser } from "@/lib/vendors/panos/wire";

/**
 * `type=config` on the emulated firewall: get (candidate) / show (running), set and delete of
 * admin role profiles (`/config/shared/admin-role`) and administrators (`/config/mgt-config/users`),
 * at an entry's xpath or at the container's. set merges, edit replaces.
 * Returns the XML body; the HTTP status of these replies is always 200, as on a device.
 */

const ROLES = /^\/config\/shared\/admin-role(?:\/entry\[@name=(['"])(.*)\1\])?$/;
const USERS = /^\/config\/mgt-config\/users(?:\/entry\[@name=(['"])(.*)\1\])?$/;

const KEY_LIFETIME_XPATH =
  "/config/devices/entry[@name='localhost.localdomain']/deviceconfig/setting/management/api/key/lifetime";

/** The API Key Lifetime leaf: absent while unset (the default, keys never expire), as `get` and `show` answer an absent node. */
function keyLifetime(fw: EmulatedFirewall, action: "get" | "show"): ConfigReply {
  const minutes = Math.round(fw.keyLifetimeMs / 60_000);
  if (minutes > 0)
    return {
      status: 200,
      body: `<response status="success" code="19"><result total-count="1" count="1"><lifetime admin="admin">${minutes}</lifetime></result></response>`,
    };
  return {
    status: 200,
    body:
      action === "get"
        ? `<response status="success" code="7"><result/></response>`
        : `<response status="error" code="7"><msg><line>No such node</line></msg></response>`,
  };
}

const ok = `<response status="success" code="20"><msg>command succeeded</msg></response>`;
export const cmdError = (code: number, line: string) =>
  `<response status="error" code="${code}"><msg><line><![CDATA[ ${line}]]></line></msg></response>`;

function roleXml(r: RoleProfile): string {
  const leaves = XMLAPI_TYPES.map((t) => `<${t}>${r.xmlapi[t] ? "enable" : "disable"}</${t}>`).join("");
  const desc = r.description ? `<description>${escapeXml(r.description)}</description>` : "";
  return `<entry name="${escapeXml(r.name)}"><role><${r.scope}><xmlapi>${leaves}</xmlapi></${r.scope}></role>${desc}</entry>`;
}

function userXml(u: AdminUser): string {
  const perm =
    u.permission.kind === "superuser"
      ? "<superuser>yes</superuser>"
      : `<custom><profile>${escapeXml(u.permission.profile)}</profile></custom>`;
  return `<entry name="${escapeXml(u.name)}">${u.phash ? `<phash>${escapeXml(u.phash)}</phash>` : ""}<permissions><role-based>${perm}</role-based></permissions></entry>`;
}

function found(container: string, entries: string[]): string {
  if (entries.length === 0) return `<response status="success" code="7"><result/></response>`;
  const n = entries.length;
  return `<response status="success" code="19"><result total-count="${n}" count="${n}"><${container} admin="admin">${entries.join("")}</${container}></result></response>`;
}

/** `show` reads the running config and, unlike `get`, answers an absent node with an error. */
function show(view: ConfigView, xpath: string): string {
  const body = get(view, xpath);
  return body.includes('code="7"')
    ? `<response status="error" code="7"><msg><line>No such node</line></msg></response>`
    : body;
}

function get(view: ConfigView, xpath: string): string {
  const role = ROLES.exec(xpath);
  if (role) {
    const list =
      role[2] === undefined ? [...view.roles.values()] : [view.roles.get(role[2])].filter((r): r is RoleProfile => !!r);
    return found("admin-role", list.map(roleXml));
  }
  const user = USERS.exec(xpath);
  if (user) {
    const list =
      user[2] === undefined ? [...view.users.values()] : [view.users.get(user[2])].filter((u): u is AdminUser => !!u);
    return found("users", list.map(userXml));
  }
  return `<response status="success" code="7"><result/></response>`;
}

type Parsed = Record<string, unknown>;
const child = (node: unknown, name: string): unknown =>
  node && typeof node === "object" ? (node as Parsed)[name] : undefined;
const str = (node: unknown): string | undefined => (typeof node === "string" ? node : undefined);

type Mode = "merge" | "replace";

function setUser(fw: EmulatedFirewall, by: string, name: string, element: Parsed, mode: Mode): string {
  const existing = mode === "merge" ? fw.candidate().users.get(name) : undefined;
  const roleBased = child(child(element, "permissions"), "role-based");
  const profile = str(child(child(roleBased, "custom"), "profile"));
  const superuser = str(child(roleBased, "superuser")) === "yes";
  if (profile !== undefined && !fw.candidate().roles.has(profile)) {
    return cmdError(
      12,
      `users -> ${name} -> permissions -> role-based -> custom -> profile '${profile}' is not a valid reference`,
    );
  }
  const permission: AdminUser["permission"] =
    profile !== undefined
      ? { kind: "custom", profile }
      : superuser
        ? { kind: "superuser" }
        : (existing?.permission ?? { kind: "superuser" });
  const phash = str(child(element, "phash")) ?? existing?.phash;
  fw.change({ by, target: "user", name, value: { name, phash, permission } });
  return ok;
}

function setRole(fw: EmulatedFirewall, by: string, name: string, element: Parsed, mode: Mode): string {
  const existing = mode === "merge" ? fw.candidate().roles.get(name) : undefined;
  const role = child(element, "role");
  const scope =
    child(role, "device") !== undefined
      ? "device"
      : child(role, "vsys") !== undefined
        ? "vsys"
        : (existing?.scope ?? null);
  if (!scope) return cmdError(12, `admin-role -> ${name} -> role is missing 'device' or 'vsys'`);
  const xmlapi = child(child(role, scope), "xmlapi");
  // A set merges leaf by leaf: a right the element leaves out keeps its candidate value.
  const rights = Object.fromEntries(
    XMLAPI_TYPES.map((t) => {
      const leaf = str(child(xmlapi, t));
      return [t, leaf === undefined ? (existing?.xmlapi[t] ?? false) : leaf === "enable"];
    }),
  ) as RoleProfile["xmlapi"];
  fw.change({
    by,
    target: "role",
    name,
    value: { name, scope, xmlapi: rights, description: str(child(element, "description")) ?? existing?.description },
  });
  return ok;
}

const CONTAINERS = { user: "users", role: "admin-role" } as const;

function parseElement(element: string | undefined): Parsed | null {
  if (!element || XMLValidator.validate(`<e>${element}</e>`) !== true) return null;
  return (panosXmlParser.parse(`<e>${element}</e>`) as { e: Parsed }).e;
}

/** The `<entry name="…">` children of a parsed node, with their names. */
function entriesOf(node: unknown): Array<{ name: string; element: Parsed }> | null {
  const raw = child(node, "entry");
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return null;
  const out: Array<{ name: string; element: Parsed }> = [];
  for (const e of raw) {
    const name = str(child(child(e, "$"), "name"));
    if (name === undefined) return null;
    out.push({ name, element: typeof e === "object" && e !== null ? (e as Parsed) : {} });
  }
  return out;
}

function writeEntry(
  fw: EmulatedFirewall,
  by: string,
  target: "user" | "role",
  name: string,
  element: Parsed,
  mode: Mode,
): string {
  const problem = nameProblem(name);
  if (problem) return cmdError(12, `${CONTAINERS[target]} -> ${problem}`);
  return target === "user" ? setUser(fw, by, name, element, mode) : setRole(fw, by, name, element, mode);
}

/** Writes several entries; the first refusal stops the rest, as the device refuses the whole request. */
function writeEntries(
  fw: EmulatedFirewall,
  by: string,
  target: "user" | "role",
  entries: Array<{ name: string; element: Parsed }>,
  mode: Mode,
): string {
  for (const e of entries) {
    const problem = nameProblem(e.name);
    if (problem) return cmdError(12, `${CONTAINERS[target]} -> ${problem}`);
  }
  for (const e of entries) {
    const reply = writeEntry(fw, by, target, e.name, e.element, mode);
    if (reply !== ok) return reply;
  }
  return ok;
}

/**
 * `set` merges into the candidate; `edit` replaces the node at the xpath. At an entry's xpath
 * `set` takes the entry's children and `edit` the `<entry name=…>` itself; at the container
 * (`/config/mgt-config/users`, `/config/shared/admin-role`) `set` takes `<entry>` children to
 * merge one by one (pan-os-python's `create()`), and `edit` the container element, whose
 * entries replace all the others.
 */
function write(
  fw: EmulatedFirewall,
  by: string,
  action: "set" | "edit",
  target: "user" | "role",
  name: string | undefined,
  elementText: string | undefined,
): string {
  const element = parseElement(elementText);
  if (!element) return cmdError(18, "Malformed Request");
  const container = CONTAINERS[target];
  if (name !== undefined && action === "set") return writeEntry(fw, by, target, name, element, "merge");
  if (name !== undefined) {
    const entries = entriesOf(element);
    const only = entries?.length === 1 ? entries[0] : undefined;
    if (!only || Object.keys(element).length !== 1)
      return cmdError(12, `edit of ${container} -> ${name} needs one <entry name="${name}"> element`);
    if (only.name !== name) return cmdError(12, `edit of ${container} -> ${name} got an entry named '${only.name}'`);
    return writeEntry(fw, by, target, name, only.element, "replace");
  }
  if (action === "set") {
    const entries = entriesOf(element);
    if (!entries || Object.keys(element).some((k) => k !== "entry"))
      return cmdError(12, `set of ${container} takes <entry name="…"> elements`);
    return writeEntries(fw, by, target, entries, "merge");
  }
  const root = child(element, container);
  if (root === undefined || Object.keys(element).length !== 1)
    return cmdError(12, `edit of ${container} needs a single <${container}> element`);
  const entries = entriesOf(root);
  if (!entries) return cmdError(12, `${container} takes <entry name="…"> elements`);
  const reply = writeEntries(fw, by, target, entries, "replace");
  if (reply !== ok) return reply;
  const kept = new Set(entries.map((e) => e.name));
  const view = fw.candidate();
  for (const existing of target === "user" ? view.users.keys() : view.roles.keys()) {
    if (!kept.has(existing)) fw.change({ by, target, name: existing, value: null });
  }
  return ok;
}

/** A 200 reply's body, or the message of a 400 (rendered by the caller with the reason phrase). */
export type ConfigReply = { status: 200; body: string } | { status: 400; message: string };

export function handleConfig(fw: EmulatedFirewall, by: string, params: Record<string, string>): ConfigReply {
  const action = params.action ?? "";
  const xpath = params.xpath;
  if (!xpath) return { status: 400, message: 'Parameter "xpath" is required' };
  if (xpath === KEY_LIFETIME_XPATH && (action === "get" || action === "show")) return keyLifetime(fw, action);
  if (action === "get") return { status: 200, body: get(fw.candidate(), xpath) };
  if (action === "show") return { status: 200, body: show(fw.running, xpath) };
  const target = ROLES.exec(xpath) ? "role" : USERS.exec(xpath) ? "user" : null;
  const name = (ROLES.exec(xpath) ?? USERS.exec(xpath))?.[2];
  if (!target) return { status: 200, body: cmdError(6, `Unsupported XPath in the emulator: ${xpath}`) };
  if (action === "delete") {
    if (name === undefined)
      return { status: 200, body: cmdError(12, `Deleting all of ${CONTAINERS[target]} is refused by the emulator`) };
    const view = fw.candidate();
    const exists = target === "user" ? view.users.has(name) : view.roles.has(name);
    if (!exists)
      return { status: 200, body: `<response status="success" code="7"><msg>Object doesn't exist</msg></response>` };
    fw.change(target === "user" ? { by, target, name, value: null } : { by, target, name, value: null });
    return { status: 200, body: ok };
  }
  if (action === "set" || action === "edit")
    return { status: 200, body: write(fw, by, action, target, name, params.element) };
  return { status: 400, message: "Illegal parameter [action]" };
}
