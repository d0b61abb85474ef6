import { describe, expect, it } from "vitest";
import { MAX_VENDOR_TEXT, redactVendorText } from "./redact";

// A password with the characters each encoding treats differently: / + = & " \ space and non-ASCII.
const PASSWORD = 'Pa$$/w0rd+=&"\\ größe';
const USER = "api-admin";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

const forms: Array<[string, string]> = [
  ["raw", PASSWORD],
  ["base64", b64(PASSWORD)],
  ["base64url", b64url(PASSWORD)],
  ["Basic user:password", `Basic ${b64(`${USER}:${PASSWORD}`)}`],
  ["Basic user:password, url-safe", b64url(`${USER}:${PASSWORD}`)],
  ["base64 one byte in", b64(`x${PASSWORD}`)],
  ["base64 two bytes in", b64(`xy${PASSWORD}`)],
  ["URL-encoded", encodeURIComponent(PASSWORD)],
  ["URL-encoded, lower-case hex", encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
  ["form-encoded", new URLSearchParams({ password: PASSWORD }).toString()],
  ["URL-encoded twice", encodeURIComponent(encodeURIComponent(PASSWORD))],
  ["JSON-escaped", JSON.stringify(PASSWORD)],
  ["JSON-escaped by PHP", '"Pa$$\\/w0rd+=&\\"\\\\ gr\\u00f6\\u00dfe"'],
  ["XML-escaped", "Pa$$/w0rd+=&amp;&quot;\\ größe"],
];

/** What an observer could use: the secret itself, or any 6 characters of one of its encodings. */
function leaks(message: string, encoded: string): boolean {
  if (message.includes(PASSWORD) || message.includes(encoded)) return true;
  const decodedTokens = message.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? [];
  return decodedTokens.some((t) => Buffer.from(t, "base64").toString("utf8").includes("w0rd"));
}

describe("redactVendorText", () => {
  it.each(forms)("removes the %s form", (_form, encoded) => {
    const out = redactVendorText(`Rejected request with ${encoded} for ${USER}`, [PASSWORD]);
    expect(out).toContain("[redacted]");
    expect(leaks(out, encoded)).toBe(false);
    expect(out).toMatch(/^Rejected request with .*\[redacted\].* for api-admin$/);
  });

  it("keeps the user name of a Basic pair readable", () => {
    const out = redactVendorText(`Authorization: Basic ${b64(`${USER}:${PASSWORD}`)}`, [PASSWORD]);
    expect(out.startsWith(`Authorization: Basic ${b64(`${USER}:`).slice(0, 8)}`)).toBe(true);
  });

  it("removes every credential given, not just the first", () => {
    const out = redactVendorText("keys: alpha-secret-1 and bravo-secret-2", ["alpha-secret-1", "bravo-secret-2"]);
    expect(out).toBe("keys: [redacted] and [redacted]");
  });

  it("leaves text alone when no credential appears, and ignores values too short to search for", () => {
    expect(redactVendorText("Invalid Credential", ["Pa55word!", "ab", undefined, ""])).toBe("Invalid Credential");
  });

  it("summarises a long body to one capped line", () => {
    const page = `<html>\n\t<body>${"Service unavailable. ".repeat(200)}</body></html>`;
    const out = redactVendorText(page, []);
    expect(out.length).toBeLessThanOrEqual(MAX_VENDOR_TEXT + 1);
    expect(out.endsWith("…")).toBe(true);
    expect(out).not.toMatch(/[\n\t]/);
  });

  it("redacts before it cuts, so a secret straddling the cut leaves no prefix", () => {
    const secret = "S3cretValueThatStraddles";
    const text = `${"x".repeat(MAX_VENDOR_TEXT - 6)} ${secret} tail`;
    const out = redactVendorText(text, [secret]);
    expect(out).not.toContain("S3cret");
    expect(out).not.toContain("S3cr");
  });

  it("catches a secret split over lines by the vendor's formatting", () => {
    const out = redactVendorText("password was  Pa55word\n!", ["Pa55word !"]);
    expect(out).toBe("password was [redacted]");
  });
});
