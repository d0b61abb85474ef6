import type { ReactNode } from "react";
import { cardClass } from "./styles";
import { Main } from "./Main";

/**
 * One card with the brand above its heading, for pages about the console rather than of it (not
 * found, forbidden, errors, invites). Alone on the screen it is the page's main landmark; inside
 * the console's frame (`framed`), which has its own <main>, it is only a centred card.
 */
export function StandalonePage({
  title,
  children,
  framed = false,
}: {
  title: string;
  children: ReactNode;
  framed?: boolean;
}) {
  const card = (
    <div className={`${cardClass} w-full max-w-md`}>
      <p className="text-sm font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">Keyward</p>
      <h1 className="mt-1 mb-4 text-2xl font-semibold">{title}</h1>
      {children}
    </div>
  );
  if (framed) return <div className="flex justify-center py-12">{card}</div>;
  return <Main className="flex min-h-screen items-center justify-center p-6">{card}</Main>;
}
