import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** Lets a page reuse a team-scoped query: its 404 becomes the page's not-found screen. */
export async function notFoundPage<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
}
