// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SessionList, type SessionRow } from "./SessionList";

vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() }),
}));
vi.mock("next-auth/react", () => ({ signOut: vi.fn() }));

const row = (id: string, browser: string, current: boolean): SessionRow => ({
  id,
  browser,
  userAgent: null,
  address: "127.0.0.1",
  method: "password",
  signedIn: "3 Dec 2026, 06:00",
  signedInAgo: "2 hours ago",
  lastSeen: "an hour ago",
  current,
});

afterEach(() => vi.unstubAllGlobals());

describe("SessionList revoke", () => {
  it("asks before signing another browser out, starting on Cancel; only the confirmation sends it", async () => {
    const sent: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        sent.push(`${init?.method} ${url}`);
        return new Response(JSON.stringify({ revoked: true }), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      }),
    );
    render(<SessionList sessions={[row("s-1", "Chrome on Linux", true), row("s-2", "Safari on macOS", false)]} />);
    const open = () => screen.getAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open);
    const revoke = screen.getByRole("button", { name: /^Revoke Safari on macOS/ });

    await userEvent.click(revoke);
    expect(document.activeElement).toBe(within(open()!).getByRole("button", { name: "Cancel", hidden: true }));
    fireEvent(open()!, new Event("cancel", { cancelable: true }));
    expect(open()).toBeUndefined();
    expect(sent).toEqual([]);

    await userEvent.click(revoke);
    await userEvent.click(within(open()!).getByRole("button", { name: "Sign it out", hidden: true }));
    await vi.waitFor(() => expect(sent).toEqual(["DELETE /api/account/sessions/s-2"]));
    expect(await screen.findByText("Safari on macOS (signed in 2 hours ago) is signed out.")).toBeTruthy();
  });
});
