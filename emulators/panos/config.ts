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
 * admin role profiles (`/config/shared/admin-role`) and administrators (`/config/mgt-config/users`).
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

function setUser(fw: EmulatedFirewall, by: string, name: string, element: Parsed): string {
  const existing = fw.candidate().users.get(name);
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

function setRole(fw: EmulatedFirewall, by: string, name: string, element: Parsed): string {
  const role = child(element, "role");
  const scope = child(role, "device") !== undefined ? "device" : child(role, "vsys") !== undefined ? "vsys" : null;
  if (!scope) return cmdError(12, `admin-role -> ${name} -> role is missing 'device' or 'vsys'`);
  const xmlapi = child(child(role, scope), "xmlapi");
  const rights = Object.fromEntries(
    XMLAPI_TYPES.map((t) => [t, str(child(xmlapi, t)) === "enable"]),
  ) as RoleProfile["xmlapi"];
  fw.change({
    by,
    target: "role",
    name,
    value: { name, scope, xmlapi: rights, description: str(child(element, "description")) },
  });
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
  if (!target || name === undefined)
    return { status: 200, body: cmdError(6, `Unsupported XPath in the emulator: ${xpath}`) };
  if (action === "delete") {
    const view = fw.candidate();
    const exists = target === "user" ? view.users.has(name) : view.roles.has(name);
    if (!exists)
      return { status: 200, body: `<response status="success" code="7"><msg>Object doesn't exist</msg></response>` };
    fw.change(target === "user" ? { by, target, name, value: null } : { by, target, name, value: null });
    return { status: 200, body: ok };
  }
  if (action === "set") {
    const problem = nameProblem(name);
    if (problem)
      return { status: 200, body: cmdError(12, `${target === "user" ? "users" : "admin-role"} -> ${problem}`) };
    const element = params.element ?? "";
    if (!element || XMLValidator.validate(`<e>${element}</e>`) !== true)
      return { status: 200, body: cmdError(18, "Malformed Request") };
    const parsed = panosXmlParser.parse(`<e>${element}</e>`) as { e: Parsed };
    return { status: 200, body: target === "user" ? setUser(fw, by, name, parsed.e) : setRole(fw, by, name, parsed.e) };
  }
  return { status: 400, message: "Illegal parameter [action]" };
}
