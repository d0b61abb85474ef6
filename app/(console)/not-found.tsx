import type { Metadata } from "next";
import { NotFoundCard } from "@/components/NotFoundCard";

export const metadata: Metadata = { title: "Not found" };

/** notFound() from a console page: the same card inside the console's frame. */
export default function ConsoleNotFound() {
  return <NotFoundCard framed />;
}
