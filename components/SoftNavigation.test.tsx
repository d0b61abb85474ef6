// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { SoftNavigation } from "./SoftNavigation";

// Plain links navigate through the router (the page is not reloaded) unless the person or the
// link asks for the browser's own behaviour.

const push = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

afterEach(() => {
  cleanup();
  push.mockReset();
});

function page() {
  render(
    <>
      <SoftNavigation />
      <a href="/keys?status=active">
        <span>Keys</span>
      </a>
      <a href="/api/keys/export?format=csv">Export CSV</a>
      <a href="/audit" target="_blank">
        Audit in a new tab
      </a>
      <a href="/keys.csv" download>
        Download
      </a>
      <a href="https://docs.example.com/">Vendor docs</a>
      <a href="#main">Skip</a>
    </>,
  );
}

/**
 * Clicks a link; true when the browser would follow it itself. Seen from window, after every
 * other listener, which then stops jsdom from attempting the navigation it cannot do.
 */
function click(name: string, init: MouseEventInit = {}) {
  let followed = false;
  const after = (e: MouseEvent) => {
    followed = !e.defaultPrevented;
    e.preventDefault();
  };
  window.addEventListener("click", after);
  fireEvent.click(screen.getByText(name), { button: 0, ...init });
  window.removeEventListener("click", after);
  return followed;
}

describe("SoftNavigation", () => {
  it("sends a same-origin link through the router, from a click on anything inside it", () => {
    page();
    expect(click("Keys")).toBe(false);
    expect(push).toHaveBeenCalledWith("/keys?status=active");
  });

  it("leaves new tabs, downloads, other origins, the BFF and in-page anchors to the browser", () => {
    page();
    expect(click("Keys", { ctrlKey: true })).toBe(true);
    expect(click("Keys", { metaKey: true })).toBe(true);
    expect(click("Export CSV")).toBe(true);
    expect(click("Audit in a new tab")).toBe(true);
    expect(click("Download")).toBe(true);
    expect(click("Vendor docs")).toBe(true);
    expect(click("Skip")).toBe(true);
    expect(push).not.toHaveBeenCalled();
  });
});
