import type { ReactNode } from "react";
import { cardClass } from "./styles";

/** A page outside the console's frame (sign-in, invite, not found, forbidden, error): one card with the brand above its heading. */
export function StandalonePage({
  title,
  children,
  width = "max-w-md",
}: {
  title: string;
  children: ReactNode;
  width?: "max-w-sm" | "max-w-md";
}) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className={`${cardClass} w-full ${width}`}>
        <p className="text-sm font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">Keyward</p>
        <h1 className="mt-1 mb-4 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}
