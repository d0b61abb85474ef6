import "server-only";
import { env } from "@/lib/env";
import type { LoginPolicy } from "./login";

/** The throttle's settings (README, "Settings"). */
export function loginPolicy(): LoginPolicy {
  const e = env();
  return {
    maxFailures: e.KEYWARD_LOGIN_MAX_FAILURES,
    windowMinutes: e.KEYWARD_LOGIN_WINDOW_MINUTES,
    maxDelaySeconds: e.KEYWARD_LOGIN_MAX_DELAY_SECONDS,
  };
}
