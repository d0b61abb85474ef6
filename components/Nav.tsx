"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { usePathname } from "next/navigation";

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
  // The menu belongs to the page it was opened on: following a link (or any navigation) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const menuButton = useRef<HTMLButtonElement>(null);
  const waiting = items.reduce((sum, item) => sum + (item.badge ?? 0), 0);
  function closeMenu() {
    setOpenOn(null);
    menuButton.current?.focus();
  }
  return (
    <header
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) closeMenu();
      }}
      className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6 lg:items-baseline lg:py-3">
        <Link href="/" className="text-lg font-bold tracking-tight text-sky-800 dark:text-sky-300">
          Keyward
        </Link>
        {/* Below the lg breakpoint the links and the account fold behind one button, so the header stays one line. */}
        <button
          ref={menuButton}
          type="button"
          aria-expanded={open}
          aria-controls="header-menu"
          onClick={() => setOpenOn(open ? null : pathname)}
          className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 lg:hidden dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
            {open ? (
              <path d="M5.3 4 10 8.6 14.7 4 16 5.3 11.4 10l4.6 4.7-1.3 1.3-4.7-4.6L5.3 16 4 14.7 8.6 10 4 5.3z" />
            ) : (
              <path d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
            )}
          </svg>
          Menu
          {waiting ? <Badge count={waiting} /> : null}
        </button>
        <div
          id="header-menu"
          className={`${open ? "flex" : "hidden"} w-full flex-col gap-3 pb-2 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:gap-4 lg:pb-0`}
        >
          <nav aria-label="Main" className="flex flex-col gap-1 lg:flex-row lg:gap-0.5">
            {items.map((item) => {
              const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`rounded-md px-3 py-2 text-sm font-medium lg:px-2 lg:py-1.5 ${active ? "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
                >
                  {item.label}
                  {item.badge ? <Badge count={item.badge} /> : null}
                </Link>
              );
            })}
          </nav>
          {/* In the phone menu the account's links sit in a row; on a laptop they fold into the account menu. */}
          <div className="flex min-w-0 flex-wrap items-center gap-3 border-t border-slate-200 px-3 pt-3 text-sm text-slate-600 lg:hidden dark:border-slate-800 dark:text-slate-400">
            {teamSwitcher ?? (team ? <span title="Current team">{team}</span> : null)}
            {teamSwitcher || team ? <span aria-hidden="true">·</span> : null}
            <Link href="/account/password" title="Change your password" className="max-w-full truncate hover:underline">
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
              onClick={signOut}
              className="rounded-md px-2 py-1 font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              Sign out
            </button>
          </div>
          <AccountMenu team={team} email={email} teamSwitcher={teamSwitcher} pathname={pathname} />
        </div>
      </div>
    </header>
  );
}

function Badge({ count }: { count: number }) {
  return (
    <span
      className="ml-1.5 inline-flex min-w-5 justify-center rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white"
      aria-label={`${count} waiting`}
    >
      {count}
    </span>
  );
}

/**
 * The account on a laptop-wide header: one button (the team's name) opening the team switcher,
 * the e-mail, Password, Security, Sessions and Sign out, so the header keeps to one row with a
 * team's nine sections. A disclosure: Tab reaches every item, Escape or leaving it closes it.
 */
function AccountMenu({
  team,
  email,
  teamSwitcher,
  pathname,
}: {
  team: string | null;
  email: string;
  teamSwitcher?: React.ReactNode;
  pathname: string;
}) {
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpenOn(null);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);
  const item =
    "block rounded px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 aria-[current=page]:font-semibold dark:text-slate-200 dark:hover:bg-slate-800";
  return (
    <div
      ref={box}
      className="relative ml-auto hidden shrink-0 lg:block"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpenOn(null);
          button.current?.focus();
        }
      }}
      onBlur={(e) => {
        if (open && !box.current?.contains(e.relatedTarget as Node | null)) setOpenOn(null);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="account-menu"
        onClick={() => setOpenOn(open ? null : pathname)}
        className="inline-flex max-w-48 items-center gap-1 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <span className="truncate">Account</span>
        {team ? <span className="truncate font-normal text-slate-500 dark:text-slate-400">· {team}</span> : null}
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0" fill="currentColor">
          <path d="M5.3 7.3 10 12l4.7-4.7 1.3 1.4-6 6-6-6z" />
        </svg>
      </button>
      <div
        id="account-menu"
        hidden={!open}
        className="absolute right-0 z-40 mt-1 w-72 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        <p className="truncate px-3 py-1 text-xs text-slate-600 dark:text-slate-400" title={email}>
          Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{email}</span>
        </p>
        {teamSwitcher ? <div className="px-3 py-2">{teamSwitcher}</div> : null}
        <hr className="my-1 border-slate-200 dark:border-slate-700" />
        <Link
          href="/account/password"
          aria-current={pathname === "/account/password" ? "page" : undefined}
          className={item}
        >
          Password
        </Link>
        <Link
          href="/account/security"
          aria-current={pathname === "/account/security" ? "page" : undefined}
          className={item}
        >
          Passkeys and second factor
        </Link>
        <Link
          href="/account/sessions"
          aria-current={pathname.startsWith("/account/sessions") ? "page" : undefined}
          className={item}
        >
          Sessions
        </Link>
        <hr className="my-1 border-slate-200 dark:border-slate-700" />
        <button type="button" onClick={signOut} className={`${item} w-full font-medium`}>
          Sign out
        </button>
      </div>
    </div>
  );
}

/**
 * Loads the sign-out call when it is clicked, not with every page. If that load fails, next-auth's
 * own sign-out page still ends the session, one confirmation later.
 */
function signOut() {
  import("./auth-client").then(
    (client) => client.signOut("/login"),
    () => window.location.assign("/api/auth/signout"),
  );
}
