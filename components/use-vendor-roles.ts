"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { VendorRole } from "@/lib/vendors/types";
import { api, ApiError } from "./api-client";

export type VendorRoles =
  { kind: "loading" } | { kind: "ready"; roles: VendorRole[] } | { kind: "failed"; message: string };

/**
 * The roles or environments a connection's vendor lists, loaded live (GET /api/connections/:id/roles):
 * the issue form's scope picker and the policy editor offer the same list. `onLoaded` runs once per
 * load with the answer, reading the caller's latest props; `retry` loads again.
 */
export function useVendorRoles(
  connectionId: string,
  { enabled = true, onLoaded }: { enabled?: boolean; onLoaded?: (roles: VendorRole[]) => void } = {},
): { roles: VendorRoles; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  // The answer belongs to one load (connection and attempt); a newer load shows "loading" until its own arrives.
  const load = `${connectionId}#${attempt}`;
  const [answer, setAnswer] = useState<{ load: string; roles: VendorRoles } | null>(null);
  const roles: VendorRoles = answer?.load === load ? answer.roles : { kind: "loading" };
  // The load reads the latest callback without starting again when it changes.
  const latest = useRef(onLoaded);
  useLayoutEffect(() => {
    latest.current = onLoaded;
  });

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const settle = (next: VendorRoles) => setAnswer({ load, roles: next });
    api("GET /api/connections/:id/roles", { params: { id: connectionId } })
      .then((r) => {
        if (!live) return;
        settle({ kind: "ready", roles: r.roles });
        latest.current?.(r.roles);
      })
      .catch(
        (e: unknown) =>
          live && settle({ kind: "failed", message: e instanceof ApiError ? e.message : "Could not load the list." }),
      );
    return () => {
      live = false;
    };
  }, [connectionId, load, enabled]);

  return { roles, retry: () => setAttempt((a) => a + 1) };
}
