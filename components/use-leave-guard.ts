"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** Where the person was about to go when the guard stopped them. */
export type LeaveAttempt = { kind: "link"; href: string } | { kind: "back" };

/**
 * While `active`, every way of leaving the page asks first: links (the nav included, caught
 * before Next's router sees the click), Back (a guard entry in the history), and reload or
 * close (the browser's own beforeunload prompt, the only one a page may show there).
 * `leave()` carries out the attempt; `stay()` dismisses it; `release()` ends the guard.
 */
export function useLeaveGuard(active: boolean, navigate: (href: string) => void) {
  const [attempt, setAttempt] = useState<LeaveAttempt | null>(null);
  const [released, setReleased] = useState(false);
  const live = active && !released;
  const armed = useRef(live);
  useEffect(() => {
    armed.current = live;
  }, [live]);

  useEffect(() => {
    if (!live) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    // Capture on window runs before React's listeners on the document, so a <Link> never starts.
    const click = (e: MouseEvent) => {
      if (!armed.current || e.defaultPrevented || e.button !== 0) return;
      const anchor = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (
        !(anchor instanceof HTMLAnchorElement) ||
        anchor.hasAttribute("download") ||
        anchor.dataset.leaveGuard === "off"
      )
        return;
      // A new tab or window leaves this page where it is.
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || (anchor.target && anchor.target !== "_self")) return;
      const url = new URL(anchor.href, window.location.href);
      if (
        url.origin === window.location.origin &&
        url.pathname === window.location.pathname &&
        url.search === window.location.search
      )
        return;
      e.preventDefault();
      e.stopPropagation();
      setAttempt({
        kind: "link",
        href: url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : url.href,
      });
    };
    // One extra history entry: Back lands on it (same address) instead of leaving.
    window.history.pushState(window.history.state, "", window.location.href);
    const popState = () => {
      if (!armed.current) return;
      setAttempt({ kind: "back" });
    };
    window.addEventListener("beforeunload", beforeUnload);
    window.addEventListener("click", click, true);
    window.addEventListener("popstate", popState);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("click", click, true);
      window.removeEventListener("popstate", popState);
    };
  }, [live]);

  const stay = useCallback(() => {
    // Back took the guard entry: put it back so the next Back asks again.
    if (attempt?.kind === "back") window.history.pushState(window.history.state, "", window.location.href);
    setAttempt(null);
  }, [attempt]);

  const release = useCallback(() => {
    armed.current = false;
    setReleased(true);
  }, []);

  const leave = useCallback(() => {
    const current = attempt;
    release();
    setAttempt(null);
    // After React has removed the listeners (beforeunload included), go where the person meant to.
    setTimeout(() => {
      if (current?.kind === "back") window.history.back();
      else if (current?.kind === "link") navigate(current.href);
    }, 0);
  }, [attempt, navigate, release]);

  return { attempt, stay, leave, release };
}
