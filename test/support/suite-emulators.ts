import { afterAll, beforeAll } from "vitest";
import type { VendorEmulator } from "@/emulators/kit";
import { startExpeditionEmulator, type ExpeditionEmulator } from "@/emulators/expedition/emulator";
import { startPanosEmulator, type PanosEmulator } from "@/emulators/panos/emulator";
import { startRancherEmulator } from "@/emulators/rancher/emulator";
import { startTrendEmulator } from "@/emulators/trend/emulator";
import { startXsiamEmulator, type XsiamEmulator } from "@/emulators/xsiam/emulator";
import type { VendorId } from "@/lib/vendors/types";
import { testTls } from "./tls";

interface Emulators {
  panos: PanosEmulator;
  expedition: ExpeditionEmulator;
  xsiam: XsiamEmulator;
  trend: VendorEmulator;
  rancher: VendorEmulator;
}

type Options = { tls: { certPem: string; keyPem: string } };
const START: { [V in VendorId]: (opts: Options) => Promise<Emulators[V]> } = {
  panos: startPanosEmulator,
  expedition: startExpeditionEmulator,
  xsiam: startXsiamEmulator,
  trend: startTrendEmulator,
  // Rancher's state transitions take 20 ms here instead of the demo's pace, so tests stay quick.
  rancher: (opts) => startRancherEmulator({ ...opts, transitionMs: 20 }),
};

export interface SuiteEmulators<V extends VendorId> {
  /** The test CA the emulators' certificates chain to (a connection's trust). */
  caPem(): string;
  get<K extends V>(vendor: K): Emulators[K];
  /** As seedDemo takes them. */
  all(): Array<{ vendor: V; emulator: VendorEmulator }>;
}

/**
 * The named vendors' emulators over verified HTTPS for one test file: started before its tests,
 * closed after them.
 */
export function suiteEmulators<V extends VendorId>(vendors: readonly V[]): SuiteEmulators<V> {
  const running = new Map<V, VendorEmulator>();
  let ca = "";
  beforeAll(async () => {
    const tls = await testTls();
    ca = tls.caPem;
    for (const vendor of vendors) {
      const start: (opts: Options) => Promise<VendorEmulator> = START[vendor];
      running.set(vendor, await start({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } }));
    }
  });
  afterAll(async () => {
    for (const emulator of running.values()) await emulator.close();
  });
  return {
    caPem: () => ca,
    get: <K extends V>(vendor: K) => running.get(vendor) as Emulators[K],
    all: () => [...running].map(([vendor, emulator]) => ({ vendor, emulator })),
  };
}
