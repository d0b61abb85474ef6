import { testTls } from "@/test/support/tls";
import type { VendorConnection } from "@/lib/vendors/types";
import { SEEDED_KEYS } from "./seed";
import { startXsiamEmulator, type XsiamEmulator } from "./emulator";

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface XsiamTestBed {
  emulator: XsiamEmulator;
  /** Moves the emulator's clock (not the adapter's) forward by `ms`. */
  advanceClock(ms: number): void;
  resetClock(): void;
  /** A connection with the seeded advanced admin key; `settings`/`secrets` are merged over it. */
  connection(over?: {
    settings?: Record<string, string>;
    secrets?: Record<string, string>;
    timeoutMs?: number;
  }): VendorConnection;
  /** The same with the seeded standard admin key. */
  standardConnection(over?: { settings?: Record<string, string>; secrets?: Record<string, string> }): VendorConnection;
}

let connectionSeq = 0;

export async function startTestBed(): Promise<XsiamTestBed> {
  const tls = await testTls();
  let offset = 0;
  const emulator = await startXsiamEmulator({
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    now: () => Date.now() + offset,
  });
  const base = (
    keyId: number,
    key: string,
    level: string,
    over: Parameters<XsiamTestBed["connection"]>[0] = {},
  ): VendorConnection => ({
    id: `xsiam-test-${++connectionSeq}`,
    baseUrl: emulator.url,
    tls: { mode: "ca", caPem: tls.caPem },
    settings: { apiKeyId: String(keyId), authLevel: level, ...over.settings },
    secrets: { apiKey: key, ...over.secrets },
    timeoutMs: over.timeoutMs,
  });
  return {
    emulator,
    advanceClock: (ms) => void (offset += ms),
    resetClock: () => void (offset = 0),
    connection: (over) => base(SEEDED_KEYS.advancedAdmin.id, SEEDED_KEYS.advancedAdmin.key, "advanced", over),
    standardConnection: (over) => base(SEEDED_KEYS.standardAdmin.id, SEEDED_KEYS.standardAdmin.key, "standard", over),
  };
}
