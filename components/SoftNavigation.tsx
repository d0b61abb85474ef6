"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Client-side navigation for the plain `<a>` links the pages render. Every page is rendered per
 * request (the root layout awaits `connection()`), so next/link's prefetch has next to nothing to
 * fetch ahead of a click; what is left of it is its click handler, and next/link weighs 4 kB
 * gzipped on every page. This one listener does that for every link at once: the router fetches
 * the page and keeps the layout, as next/link would. New tabs, downloads, other origins, the BFF
 * (/api/…, e.g. exports) and anchors within the page are left to the browser; so is a click the
 * leave guard (use-leave-guard.ts) already stopped.
 */
export function SoftNavigation() {
  const router = useRouter();
  useEffect(() => {
    function onClick(e: MouseEvent) {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const anchor = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute("download")) return;
      if (anchor.target && anchor.target !== "_self") return;
      const url = new URL(anchor.href, window.location.href);
      const here = window.location;
      if (url.origin !== here.origin || url.pathname.startsWith("/api/")) return;
      if (url.hash && url.pathname === here.pathname && url.search === here.search) return;
      e.preventDefault();
      router.push(`${url.pathname}${url.search}${url.hash}`);
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [router]);
  return null;
}
