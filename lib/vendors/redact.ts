/**
 * The one way vendor text (an error body, a job's details) reaches a user-facing message or
 * the audit log: every credential of the connection removed in every form a vendor or a proxy
 * might echo it in, then the text summarised to one short line.
 *
 * A vendor that quotes a request back does not quote it raw: PAN-OS echoes the Basic
 * `Authorization` header (base64 of `user:password`), Trend and proxies the URL-encoded form
 * body, PHP servers such as Expedition JSON-escape `/` and non-ASCII. Each form is removed.
 */

/** Longer vendor text is cut: a message quotes the vendor, it does not carry its page. */
export const MAX_VENDOR_TEXT = 300;

/** Shorter values are not searched for: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;
const MIN_FRAGMENT_LENGTH = 4;

const REDACTED = "[redacted]";

/**
 * The base64 characters determined by the secret's bytes alone, for each of the three byte
 * alignments it can have inside a longer encoded value (so `user:password`, a JSON blob or a
 * header carrying it are all caught, whatever precedes the secret).
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    // Character j covers bits 6j..6j+5: it is the secret's alone when they all lie in its bytes.
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const fragment = encoded.slice(first, end);
    if (fragment.length >= MIN_FRAGMENT_LENGTH) {
      out.push(fragment, fragment.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return out;
}

/** `%2f` and `%2F` are the same byte to a server; both spellings are looked for. */
function hexCases(text: string): string[] {
  return [text, text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())];
}

function urlForms(secret: string): string[] {
  const component = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  return [component, form, encodeURIComponent(component)].flatMap(hexCases);
}

function jsonForms(secret: string): string[] {
  const plain = JSON.stringify(secret).slice(1, -1);
  // PHP's json_encode default: `\/` and every non-ASCII character as \uXXXX (lower-case hex).
  const php = plain
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [plain, php, php.replace(/\\u[0-9a-f]{4}/g, (m) => m.toUpperCase())];
}

function xmlForm(secret: string): string {
  return secret
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

interface CredentialForms {
  /** Spellings removed as they are, longest first so no form leaves part of another. */
  exact: string[];
  /** Base64 fragments, removed with the character either side that the secret's bits share. */
  base64: RegExp[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** Every spelling of the given credentials to remove. */
function credentialForms(secrets: Iterable<string | undefined>): CredentialForms {
  const exact = new Set<string>();
  const base64 = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of [
      secret,
      secret.replace(/\s+/g, " "),
      ...urlForms(secret),
      ...jsonForms(secret),
      xmlForm(secret),
    ]) {
      if (form.length >= MIN_FRAGMENT_LENGTH) exact.add(form);
    }
    for (const fragment of base64Fragments(secret)) base64.add(fragment);
  }
  return {
    exact: [...exact].sort((a, b) => b.length - a.length),
    base64: [...base64]
      .sort((a, b) => b.length - a.length)
      .map((f) => new RegExp(`[A-Za-z0-9+/_-]?${escapeRegExp(f)}[A-Za-z0-9+/_-]?=*`, "g")),
  };
}

function removeForms(text: string, forms: CredentialForms): string {
  let out = text;
  for (const form of forms.exact) out = out.split(form).join(REDACTED);
  for (const pattern of forms.base64) out = out.replace(pattern, REDACTED);
  return out;
}

/**
 * Vendor text made fit for a message or an audit detail: the credentials removed (raw,
 * base64 standard and URL-safe at any alignment, URL-encoded, JSON-escaped, XML-escaped),
 * control characters and runs of white space folded to one space, and the result cut to
 * `max` characters. Redaction happens before the cut, so no cut can leave a secret's prefix.
 */
export function redactVendorText(
  text: string,
  secrets: Iterable<string | undefined>,
  max: number = MAX_VENDOR_TEXT,
): string {
  const forms = credentialForms(secrets);
  // Folding white space can join a secret split across lines, so the forms are removed again after.
  const folded = removeForms(
    removeForms(text, forms)
      .replace(/[\s\p{Cc}]+/gu, " ")
      .trim(),
    forms,
  );
  return folded.length > max ? `${folded.slice(0, max).trimEnd()}…` : folded;
}
