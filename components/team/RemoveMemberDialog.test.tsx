// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MemberView } from "@/lib/teams/queries";
import { RemoveMemberDialog } from "./RemoveMemberDialog";

// The dialog against recorded BFF answers (fetch stands in for the server): what it shows and what it sends.

const leaver: MemberView = {
  userId: "11111111-1111-4111-8111-111111111111",
  email: "leaver@example.com",
  name: "Leaver",
  role: "member",
  mustChangePassword: false,
  joinedAt: "2026-01-01T00:00:00Z",
};
const heir: MemberView = {
  ...leaver,
  userId: "22222222-2222-4222-8222-222222222222",
  email: "heir@example.com",
  name: "Heir",
};
const KEYS = [
  { id: "k1", name: "ci runner", vendor: "rancher", connectionName: "Rancher lab", status: "active", expiresAt: null },
];

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

afterEach(() => vi.unstubAllGlobals());

describe("RemoveMemberDialog", () => {
  it("lists the member's live keys and sends the chosen handover with the new owner", async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${url}`);
        if (url.endsWith("/keys")) return answer({ keys: KEYS });
        return answer({
          removed: true,
          keys: "handover",
          revoked: 0,
          retireByHand: [],
          failed: [],
          handedOver: 1,
          kept: 0,
        });
      }),
    );
    const onRemoved = vi.fn();
    render(<RemoveMemberDialog member={leaver} others={[heir]} onClose={() => undefined} onRemoved={onRemoved} />);
    const dialog = screen.getByRole("dialog", { hidden: true });
    expect(await within(dialog).findByText("ci runner")).toBeTruthy();
    // The choices come first, but the safe button holds the focus.
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel", hidden: true }));
    expect((within(dialog).getByLabelText("Revoke them on their vendors") as HTMLInputElement).checked).toBe(true);

    await userEvent.click(within(dialog).getByLabelText("Hand them over to another member"));
    // No owner chosen yet: the dialog says so and sends nothing.
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove member", hidden: true }));
    expect(within(dialog).getByText("Choose the member who takes the keys over.")).toBeTruthy();
    expect(calls.filter((c) => c.startsWith("DELETE"))).toEqual([]);

    await userEvent.selectOptions(within(dialog).getByLabelText("New owner"), heir.userId);
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove member", hidden: true }));
    await vi.waitFor(() => expect(onRemoved).toHaveBeenCalled());
    expect(calls.at(-1)).toBe(`DELETE /api/team/members/${leaver.userId}?keys=handover&to=${heir.userId}`);
  });

  it("removes a member without keys with no choice to make, and shows a refusal in place", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) => {
        if (url.endsWith("/keys")) return answer({ keys: [] });
        return answer(
          { error: { code: "conflict", message: "The member was not removed: this is the team's last admin." } },
          409,
        );
      }),
    );
    render(<RemoveMemberDialog member={leaver} others={[]} onClose={() => undefined} onRemoved={() => undefined} />);
    const dialog = screen.getByRole("dialog", { hidden: true });
    expect(await within(dialog).findByText("They own no live keys.")).toBeTruthy();
    expect(within(dialog).queryByRole("radio", { hidden: true })).toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove member", hidden: true }));
    expect(await within(dialog).findByText(/last admin/)).toBeTruthy();
  });
});
