"use client";

import { useState } from "react";
import { ApiError } from "./api-client";
import type { CopyOnce } from "./CopyOnce";
import type { IssueProgress } from "./IssueProgress";

export interface IssueViews {
  CopyOnce: typeof CopyOnce;
  IssueProgress: typeof IssueProgress;
}

/**
 * The panels that follow a mint — its progress and the copy-once secret (4.6 kB gzipped) — load
 * when the person asks for a key, not with the page. `load()` must finish before the request
 * leaves: a chunk that failed to load after the mint would lose the secret it was to show, so a
 * failed load stops the issue before anything is minted.
 */
export function useIssueViews() {
  const [views, setViews] = useState<IssueViews | null>(null);
  async function load(): Promise<IssueViews> {
    if (views) return views;
    let loaded: IssueViews;
    try {
      const [{ CopyOnce }, { IssueProgress }] = await Promise.all([import("./CopyOnce"), import("./IssueProgress")]);
      loaded = { CopyOnce, IssueProgress };
    } catch {
      throw new ApiError(
        0,
        "not_loaded",
        "The console could not load the panel that shows the new secret, so nothing was issued. Check your connection and try again.",
      );
    }
    setViews(loaded);
    return loaded;
  }
  return { views, load };
}
