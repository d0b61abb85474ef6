"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";

/** The header's team choice, shown when the user belongs to several teams. */
export function TeamSwitcher({
  teams,
  current,
}: {
  teams: Array<{ id: string; name: string }>;
  current: string | null;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function choose(id: string) {
    setBusy(true);
    try {
      // The API client loads on the first switch: the header stays light on pages that never call it.
      const { api } = await import("../api-client");
      await api("POST /api/teams/:id/switch", { params: { id } });
      // Pages under another team's id would 404: start from the dashboard.
      router.push("/");
      router.refresh();
    } finally {
      setBusy(false);
    }
  }
  return (
    <select
      aria-label="Current team"
      value={current ?? ""}
      disabled={busy}
      onChange={(e) => choose(e.target.value)}
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
    >
      {teams.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
    </select>
  );
}
