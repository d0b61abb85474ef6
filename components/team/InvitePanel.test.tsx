// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InvitePanel } from "./InvitePanel";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

const INVITE = {
  id: "33333333-3333-4333-8333-333333333333",
  role: "auditor",
  email: "new@example.com",
  expiresAt: "2026-12-10T00:00:00Z",
  createdAt: "2026-12-03T00:00:00Z",
} as const;

afterEach(() => vi.unstubAllGlobals());

describe("InvitePanel revoke", () => {
  it("asks before revoking an invite, starting on Cancel; only Revoke invite sends the DELETE", async () => {
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
    render(<InvitePanel pending={[INVITE]} />);
    const open = () => screen.getAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open);
    const revoke = screen.getByRole("button", { name: "Revoke the invite for new@example.com" });

    await userEvent.click(revoke);
    expect(within(open()!).getByText(/invites new@example.com as an auditor stops working/)).toBeTruthy();
    expect(document.activeElement).toBe(within(open()!).getByRole("button", { name: "Cancel", hidden: true }));
    await userEvent.click(within(open()!).getByRole("button", { name: "Cancel", hidden: true }));
    await userEvent.click(revoke);
    fireEvent(open()!, new Event("cancel", { cancelable: true }));
    expect(open()).toBeUndefined();
    expect(sent).toEqual([]);

    await userEvent.click(revoke);
    await userEvent.click(within(open()!).getByRole("button", { name: "Revoke invite", hidden: true }));
    await vi.waitFor(() => expect(sent).toEqual([`DELETE /api/team/invites/${INVITE.id}`]));
    expect(refresh).toHaveBeenCalled();
  });
});
