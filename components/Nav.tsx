"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "./auth-client";

export interface NavItem {
  href: string;
  label: string;
  /** A count shown beside the label (pending approvals, unread notices). */
  badge?: number;
}

/** `teamSwitcher` replaces the plain team name when the user belongs to several teams. */
export function Nav({
  items,
  team,
  email,
  teamSwitcher,
}: {
  items: NavItem[];
  team: string | null;
  email: string;
  teamSwitcher?: React.ReactNode;
}) {
  const pathname = usePathname();
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight text-sky-800 dark:text-sky-300">
          Keyward
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-1">
          {items.map((item) => {
            const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
              >
                {item.label}
                {item.badge ? (
                  <span
                    className="ml-1.5 inline-flex min-w-5 justify-center rounded-full bg-rose-600 px-1.5 text-xs font-semibold text-white"
                    aria-label={`${item.badge} waiting`}
                  >
                    {item.badge}
                  </span>
                ) : null}
              </Link>
            );
          })}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm text-slate-600 dark:text-slate-400">
          {teamSwitcher ?? (team ? <span title="Current team">{team}</span> : null)}
          {teamSwitcher || team ? <span aria-hidden="true">·</span> : null}
          <Link href="/account/password" title="Change your password" className="hover:underline">
            {email}
          </Link>
          <Link
            href="/account/sessions"
            aria-current={pathname.startsWith("/account/sessions") ? "page" : undefined}
            title="Browsers signed in to your account"
            className="hover:underline aria-[current=page]:font-medium aria-[current=page]:text-slate-900 dark:aria-[current=page]:text-slate-100"
          >
            Sessions
          </Link>
          <button
            type="button"
            onClick={() => void signOut("/login")}
            className="rounded-md px-2 py-1 font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
