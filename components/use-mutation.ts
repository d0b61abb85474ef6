"use client";

import { useCallback, useState } from "react";
import { ApiError } from "./api-client";

export interface Mutation<TArgs extends unknown[], TResult> {
  /** Runs the action; resolves to its result, or undefined when it failed (the error is in state). */
  run: (...args: TArgs) => Promise<TResult | undefined>;
  busy: boolean;
  /** The failure's message, for an alert. */
  error: string | null;
  /** Per-field messages from a 422, keyed as the form's fields are. */
  fieldErrors: Record<string, string>;
  /** Shows a problem found before sending (a browser-side check). */
  fail: (message: string | null, fields?: Record<string, string>) => void;
}

interface Options {
  /** Said when the failure is not the BFF's own answer (a bug, not a refusal). */
  fallback: string;
  /** The page moves on after success: the button stays disabled until it has. */
  staysBusy?: boolean;
}

/**
 * The submit block every form shares: busy while the call runs, the BFF's message and field
 * errors when it refuses, both cleared when the person tries again.
 */
export function useMutation<TArgs extends unknown[], TResult>(
  action: (...args: TArgs) => Promise<TResult>,
  { fallback, staysBusy = false }: Options,
): Mutation<TArgs, TResult> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const fail = useCallback((message: string | null, fields: Record<string, string> = {}) => {
    setError(message);
    setFieldErrors(fields);
  }, []);

  const run = useCallback(
    async (...args: TArgs): Promise<TResult | undefined> => {
      setBusy(true);
      fail(null);
      try {
        const result = await action(...args);
        if (!staysBusy) setBusy(false);
        return result;
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(0, "unknown", fallback);
        fail(e.message, e.fields);
        setBusy(false);
        return undefined;
      }
    },
    [action, fail, fallback, staysBusy],
  );

  return { run, busy, error, fieldErrors, fail };
}
