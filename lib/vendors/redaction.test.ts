import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { VendorAdapter, VendorConnection } from "./types";
import type { EmulatorFaults } from "@/emulators/kit";
import { createPanosAdapter } from "./panos/adapter";
import { escapeXml } from "./panos/wire";
import { expeditionAdapter } from "./expedition/adapter";
import { trendAdapter } from "./trend/adapter";
import { rancherAdapter } from "./rancher/adapter";
import { xsiamAdapter } from "./xsiam/adapter";
import { connectionTo, startTestFirewall } from "@/emulators/panos/test-support";
import { startTestBed as startExpedition } from "@/emulators/expedition/test-support";
import { startTrendFixture } from "@/emulators/trend/test-support";
import { startTestBed as startRancher } from "@/emulators/rancher/test-support";
import { startTestBed as startXsiam } from "@/emulators/xsiam/test-support";
import { errorEnvelope } from "@/emulators/expedition/envelope";
import { rejection } from "@/test/support/rejection";

// A hostile or careless vendor echoes the request back in its error: the connection's credential,
// in whatever encoding it travelled, must not reach the message (which the audit log records).

/** Printable ASCII only (it travels in headers), with every character an encoding changes. */
const SECRET = 'K3y/Val+ue=&"Sec\\ret';
const USER = "api-admin";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** How each vendor might quote the credential back. */
const ECHOES: Array<[string, (user: string, secret: string) => string]> = [
  ["raw", (_u, secret) => secret],
  ["base64", (_u, secret) => b64(secret)],
  ["base64url", (_u, secret) => Buffer.from(secret).toString("base64url")],
  ["a Basic header (base64 of user:password)", (user, secret) => `Basic ${b64(`${user}:${secret}`)}`],
  ["URL-encoded", (_u, secret) => encodeURIComponent(secret)],
  ["form-encoded", (_u, secret) => new URLSearchParams({ secret }).toString()],
  ["JSON-escaped", (_u, secret) => JSON.stringify({ secret })],
];

/**
 * Any 6 consecutive characters of the echo that depend on the secret (those the same echo of
 * another secret does not share: the field name, the Basic prefix and the user name are not traces).
 */
function traces(message: string, echo: (user: string, secret: string) => string, user: string): string[] {
  const echoed = echo(user, SECRET);
  const neutral = echo(user, "~".repeat(SECRET.length));
  const found = message.includes(SECRET) ? ["the raw secret"] : [];
  for (let i = 0; i + 6 <= echoed.length; i++) {
    const window = echoed.slice(i, i + 6);
    if (!neutral.includes(window) && message.includes(window)) found.push(window);
  }
  return found;
}

interface Vendor {
  name: string;
  user: string;
  adapter: Pick<VendorAdapter, "testConnection">;
  conn(): VendorConnection;
  /** The vendor's own error answer carrying `text` as its message. */
  fault(text: string): EmulatorFaults;
  close(): Promise<void>;
  setFaults(f: EmulatorFaults | null): void;
}

const vendors: Vendor[] = [];

beforeAll(async () => {
  const [panos, expedition, trend, rancher, xsiam] = await Promise.all([
    startTestFirewall(),
    startExpedition(),
    startTrendFixture(),
    startRancher(),
    startXsiam(),
  ]);
  const json = (status: number, body: unknown): EmulatorFaults => ({
    status,
    contentType: "application/json",
    body: JSON.stringify(body),
  });
  vendors.push(
    {
      name: "PAN-OS",
      user: USER,
      adapter: createPanosAdapter(),
      conn: () => connectionTo(panos.emulator, panos.caPem, USER, SECRET),
      fault: (text) => ({
        status: 400,
        contentType: "application/xml",
        body: `<response status="error" code="400"><msg><line>${escapeXml(text)}</line></msg></response>`,
      }),
      setFaults: (f) => panos.emulator.setFaults(f),
      close: () => panos.emulator.close(),
    },
    {
      name: "Expedition",
      user: "admin",
      adapter: expeditionAdapter,
      conn: () => expedition.connection({ secrets: { password: SECRET } }),
      fault: (text) => json(401, errorEnvelope(401, text, "")),
      setFaults: (f) => expedition.emulator.setFaults(f),
      close: () => expedition.emulator.close(),
    },
    {
      name: "Trend Micro",
      user: "",
      adapter: trendAdapter,
      conn: () => trend.conn({ authMode: "api-key" }, { apiSecretKey: SECRET }),
      fault: (text) => json(400, { message: text }),
      setFaults: (f) => trend.emulator.setFaults(f),
      close: () => trend.emulator.close(),
    },
    {
      name: "Rancher",
      user: "access-key-1",
      adapter: rancherAdapter,
      conn: () => rancher.connection({ accessKey: "access-key-1", secretKey: SECRET }),
      fault: (text) => json(401, { type: "error", status: 401, code: "Unauthorized", message: text }),
      setFaults: (f) => rancher.emulator.setFaults(f),
      close: () => rancher.emulator.close(),
    },
    {
      name: "XSIAM",
      user: "",
      adapter: xsiamAdapter,
      conn: () => xsiam.standardConnection({ secrets: { apiKey: SECRET } }),
      fault: (text) => json(401, { reply: { err_code: 401, err_msg: text, err_extra: null } }),
      setFaults: (f) => xsiam.emulator.setFaults(f),
      close: () => xsiam.emulator.close(),
    },
  );
});
afterAll(() => Promise.all(vendors.map((v) => v.close())));

const cases = ["PAN-OS", "Expedition", "Trend Micro", "Rancher", "XSIAM"].flatMap((vendor) =>
  ECHOES.map(([form, echo]) => ({ vendor, form, echo })),
);

describe("a vendor error that echoes the connection's credential", () => {
  it.each(cases)("$vendor: leaves no trace of the $form form in the message", async ({ vendor, echo }) => {
    const v = vendors.find((x) => x.name === vendor)!;
    v.setFaults(v.fault(`Request refused: ${echo(v.user, SECRET)} is not valid`));
    try {
      const err = await rejection(v.adapter.testConnection(v.conn()), AppError);
      expect(err.message).toContain("Request refused");
      expect(err.message).toContain("[redacted]");
      expect(traces(err.message, echo, v.user)).toEqual([]);
    } finally {
      v.setFaults(null);
    }
  });

  it.each(["PAN-OS", "Expedition", "Trend Micro", "Rancher", "XSIAM"])(
    "%s: summarises a long error body and still hides the credential past the cut",
    async (vendor) => {
      const v = vendors.find((x) => x.name === vendor)!;
      v.setFaults(v.fault(`${"Request refused. ".repeat(17)}${SECRET} ${"and more. ".repeat(400)}`));
      try {
        const err = await rejection(v.adapter.testConnection(v.conn()), AppError);
        expect(err.message.length).toBeLessThan(800);
        expect(err.message).not.toContain("K3y/");
        expect(err.message).not.toContain("and more. ".repeat(40));
      } finally {
        v.setFaults(null);
      }
    },
  );
});
