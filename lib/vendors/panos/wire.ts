import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { VendorError } from "../errors";
import { redactVendorText } from "../redact";

/**
 * The PAN-OS XML API envelope: `<response status="…" code="…">` holding a `<result>` and/or a
 * `<msg>`. Real devices write `status = 'success'` (single quotes, spaces), so this parses XML
 * and never pattern-matches the text. Payload schemas live in `wire-results.ts`.
 */

export const panosXmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Attributes of an element land under `$`, so `<entry name="x">` is `{ $: { name: "x" } }`.
  attributesGroupName: "$",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName) => tagName === "entry" || tagName === "line" || tagName === "member",
});

const envelopeSchema = z.object({
  response: z.object({
    $: z.object({ status: z.string(), code: z.string().optional() }),
    result: z.unknown().optional(),
    msg: z.unknown().optional(),
  }),
});

export interface PanosReply {
  httpStatus: number;
  status: string;
  code?: number;
  result: unknown;
  /** The device's own words, from `msg/line`, `result/msg/line`, `result/msg` or `msg` (pan-python's order). */
  messages: string[];
}

/** Every text inside a node, in document order: `<line>`s may nest elements or CDATA. */
export function textsOf(node: unknown): string[] {
  if (node === undefined || node === null) return [];
  if (typeof node === "string") return node.trim() ? [node.trim()] : [];
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (typeof node === "object") {
    return Object.entries(node)
      .filter(([k]) => k !== "$")
      .flatMap(([, v]) => textsOf(v));
  }
  return [String(node)];
}

function messagesOf(response: { result?: unknown; msg?: unknown }): string[] {
  const fromMsg = textsOf(response.msg);
  if (fromMsg.length) return fromMsg;
  const result = response.result;
  if (result && typeof result === "object" && "msg" in result) return textsOf((result as { msg: unknown }).msg);
  return [];
}

/** Parses an answer into the envelope, or throws `vendor_bad_response` / a 5xx transport-like error. */
export function parseEnvelope(
  res: { status: number; headers: Record<string, string>; body: string },
  host: string,
): PanosReply {
  const type = (res.headers["content-type"] ?? "").toLowerCase();
  const isXml = type.startsWith("application/xml") && XMLValidator.validate(res.body) === true;
  if (!isXml) {
    if (res.status >= 500) {
      return unavailable(res.status, host);
    }
    throw new VendorError(
      "vendor_bad_response",
      `${host} answered HTTP ${res.status} with ${type ? `a ${type.split(";")[0]}` : "an untyped"} body that is not PAN-OS XML. Check that the base URL points at the firewall's management interface (not a proxy or login page).`,
      res.status,
    );
  }
  const parsed = envelopeSchema.safeParse(panosXmlParser.parse(res.body));
  if (!parsed.success) {
    if (res.status >= 500) return unavailable(res.status, host);
    throw new VendorError(
      "vendor_bad_response",
      `${host} answered XML without a PAN-OS <response status=…> root. Check that the base URL points at the firewall's management interface.`,
      res.status,
    );
  }
  const { response } = parsed.data;
  const code = response.$.code === undefined ? undefined : Number(response.$.code);
  return {
    httpStatus: res.status,
    status: response.$.status,
    code: Number.isFinite(code) ? code : undefined,
    result: response.result,
    messages: messagesOf(response),
  };
}

function unavailable(status: number, host: string): never {
  throw new VendorError(
    "vendor_unreachable",
    `${host} answered HTTP ${status}: the firewall's management server is restarting or overloaded. Try again in a minute.`,
    status,
  );
}

/** What the caller was doing, for messages: "read the system information", "create the API administrator"… */
export interface ReplyContext {
  host: string;
  action: string;
  /** How the request authenticated, to word a 403 Invalid Credential. */
  auth: "password" | "key";
  secrets: readonly string[];
}

const SUCCESS_CODES = new Set([19, 20]);

/** Accepts a success envelope (codes 19/20 included) or throws the device's words as a VendorError. */
export function expectSuccess(reply: PanosReply, ctx: ReplyContext): PanosReply {
  const ok = reply.status === "success" && reply.httpStatus >= 200 && reply.httpStatus < 300;
  if (ok && (reply.code === undefined || SUCCESS_CODES.has(reply.code) || reply.code === 0 || reply.code === 7))
    return reply;
  throw replyError(reply, ctx);
}

function replyError(reply: PanosReply, ctx: ReplyContext): VendorError {
  const said = reply.messages.join(" ") || `status ${reply.status}`;
  // The device may echo a password in a rejected command or the Basic header: only redacted words are shown.
  const words = redactVendorText(said, ctx.secrets);
  const code = reply.code;
  const quoted = `"${words}"${code !== undefined ? ` (code ${code})` : ""}`;
  if (/invalid credential/i.test(said)) {
    const message =
      ctx.auth === "password"
        ? `The firewall rejected the user name or password (403 ${words}). Check the connection's credentials.`
        : `The firewall rejected the API key (403 ${words}): it was revoked or expired, or its administrator was deleted or changed password.`;
    return new VendorError("vendor_auth", message, reply.httpStatus);
  }
  if (/not authorized for user role/i.test(said) || code === 16 || code === 403 || reply.httpStatus === 403) {
    return new VendorError(
      "vendor_forbidden",
      `The firewall refused to ${ctx.action}: ${quoted}. Give the administrator's role profile that XML API permission, or use another administrator.`,
      reply.httpStatus,
    );
  }
  if (code === 7 || code === 13) {
    return new VendorError(
      "vendor_not_found",
      `The firewall could not ${ctx.action}: ${quoted}. The object no longer exists on the firewall.`,
      reply.httpStatus,
    );
  }
  if (reply.httpStatus === 400 || code === 400 || [1, 6, 12, 14, 15, 17, 18].includes(code ?? -1)) {
    return new VendorError(
      "vendor_rejected",
      `The firewall rejected the request to ${ctx.action}: ${quoted}.`,
      reply.httpStatus,
    );
  }
  return new VendorError(
    "vendor_bad_response",
    `The firewall failed to ${ctx.action}: ${quoted}. Check the firewall's system log, then try again.`,
    reply.httpStatus,
  );
}

/** Minimal XML text escaping for values placed inside `cmd` and `element`. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
