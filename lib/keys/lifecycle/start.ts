import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { startLifecycleScheduler } from "./scheduler";

// Next may evaluate server modules more than once; one scheduler per process is enough.
const globalForScheduler = globalThis as unknown as { keywardScheduler?: () => void };

/** Called once from instrumentation.ts when the console's Node.js server starts. */
export function startConsoleScheduler(): void {
  globalForScheduler.keywardScheduler ??= startLifecycleScheduler({ getDb, reconcileMinutes: env().KEYWARD_RECONCILE_MINUTES });
}
