"use client";

import { useRef, useState } from "react";
import type { MintProgress } from "@/lib/vendors/types";

export interface WatchedStep extends MintProgress {
  elapsedMs: number;
}

export interface IssueWatch {
  startedAt: number;
  steps: WatchedStep[];
}

/** A step repeating the last one (the same commit job, further along) replaces it rather than adding a line. */
function mergeStep(steps: WatchedStep[], next: WatchedStep): WatchedStep[] {
  const last = steps.at(-1);
  return last?.step === next.step ? [...steps.slice(0, -1), next] : [...steps, next];
}

/** One streamed issue at a time: its steps as they arrive, when it started, and how to cancel it. */
export function useWatchedIssue() {
  const [watch, setWatch] = useState<IssueWatch | null>(null);
  const controller = useRef<AbortController | null>(null);

  async function run<T>(
    call: (w: { signal: AbortSignal; onProgress: (step: WatchedStep) => void }) => Promise<T>,
  ): Promise<T> {
    const abort = new AbortController();
    controller.current = abort;
    setWatch({ startedAt: Date.now(), steps: [] });
    try {
      return await call({
        signal: abort.signal,
        onProgress: (step) => setWatch((w) => (w ? { ...w, steps: mergeStep(w.steps, step) } : w)),
      });
    } finally {
      controller.current = null;
      setWatch(null);
    }
  }

  return { watch, run, cancel: () => controller.current?.abort() };
}
