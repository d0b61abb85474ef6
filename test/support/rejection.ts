import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/**
 * Awaits a promise that must reject with an error of `type` (an AppError unless told) and
 * returns that error for the test to check its status, code or fields.
 */
export function rejection(promise: Promise<unknown>): Promise<AppError>;
export function rejection<T extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T>;
export async function rejection(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => Error = AppError,
): Promise<Error> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as Error;
}
