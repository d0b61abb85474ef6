import type { VendorEmulator, VendorEmulatorOptions } from "./kit";
import type { VendorId } from "@/lib/vendors/types";
import { startPanosEmulator } from "./panos/emulator";
import { startExpeditionEmulator } from "./expedition/emulator";
import { startXsiamEmulator } from "./xsiam/emulator";
import { startTrendEmulator } from "./trend/emulator";
import { startRancherEmulator } from "./rancher/emulator";

/** Every vendor emulator, in a fixed order so each keeps its port across restarts. */
export const EMULATORS: Array<{
  vendor: VendorId;
  offset: number;
  start: (o: VendorEmulatorOptions & { commitDurationMs?: [number, number] }) => Promise<VendorEmulator>;
}> = [
  { vendor: "panos", offset: 0, start: startPanosEmulator },
  { vendor: "expedition", offset: 1, start: startExpeditionEmulator },
  { vendor: "xsiam", offset: 2, start: startXsiamEmulator },
  { vendor: "trend", offset: 3, start: startTrendEmulator },
  { vendor: "rancher", offset: 4, start: startRancherEmulator },
];

/** What the demo tunes beyond ports: how long the PAN-OS emulator's commit jobs run (ms range). */
export interface EmulatorTuning {
  panosCommitDurationMs?: [number, number];
}

/** A real firewall's commit takes 20-120 s; the demo shows 10-30 s so progress is visible without a long wait. */
export const DEMO_PANOS_COMMIT_MS: [number, number] = [10_000, 30_000];

export interface RunningDemoEmulator {
  vendor: VendorId;
  emulator: VendorEmulator;
}

/** Starts all emulators on consecutive ports from `basePort` (0 = any free port each). */
export async function startAllEmulators(
  tls: { certPem: string; keyPem: string },
  basePort: number,
  host = "127.0.0.1",
  tuning: EmulatorTuning = {},
): Promise<RunningDemoEmulator[]> {
  const started: RunningDemoEmulator[] = [];
  try {
    for (const e of EMULATORS) {
      started.push({
        vendor: e.vendor,
        emulator: await e.start({
          tls,
          host,
          port: basePort ? basePort + e.offset : 0,
          ...(e.vendor === "panos" && tuning.panosCommitDurationMs
            ? { commitDurationMs: tuning.panosCommitDurationMs }
            : {}),
        }),
      });
    }
  } catch (err) {
    await Promise.all(started.map((s) => s.emulator.close()));
    throw err;
  }
  return started;
}
