// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MemberView } from "@/lib/teams/queries";
import { MemberList } from "./MemberList";

// A role picked in the select is only proposed: the BFF hears of it when the admin confirms.
const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

const admin: MemberView = {
  userId: "11111111-1111-4111-8111-111111111111",
  email: "admin@example.com",
  name: "Ada",
  role: "admin",
  mustChangePassword: false,
  joinedAt: "2026-01-01T00:00:00Z",
};
const member: MemberView = {
  ...admin,
  userId: "22222222-2222-4222-8222-222222222222",
  email: "m@example.com",
  name: "Max",
  role: "member",
};

function stubBff() {
  const sent: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      sent.push(`${init?.method} ${url} ${init?.body ?? ""}`);
      return new Response(JSON.stringify({ member: { ...member, role: "auditor" } }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }),
  );
  return sent;
}

const openDialog = () => screen.getAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open);

afterEach(() => {
  vi.unstubAllGlobals();
  refresh.mockReset();
});

describe("MemberList role change", () => {
  it("asks before changing a role, starting on Cancel; Cancel and Esc send nothing and put the select back", async () => {
    const sent = stubBff();
    render(<MemberList members={[admin, member]} canManage myId={admin.userId} />);
    const select = screen.getByLabelText("Role of m@example.com") as HTMLSelectElement;

    await userEvent.selectOptions(select, "auditor");
    let dialog = openDialog()!;
    expect(within(dialog).getByRole("heading", { hidden: true }).textContent).toBe("Make m@example.com an auditor?");
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel", hidden: true }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel", hidden: true }));
    expect(openDialog()).toBeUndefined();
    expect(select.value).toBe("member");

    await userEvent.selectOptions(select, "admin");
    dialog = openDialog()!;
    // Esc on a native <dialog> fires "cancel".
    fireEvent(dialog, new Event("cancel", { cancelable: true }));
    expect(openDialog()).toBeUndefined();
    expect(select.value).toBe("member");
    expect(sent).toEqual([]);
  });

  it("sends the role once the admin confirms, and says what changed", async () => {
    const sent = stubBff();
    render(<MemberList members={[admin, member]} canManage myId={admin.userId} />);
    await userEvent.selectOptions(screen.getByLabelText("Role of m@example.com"), "auditor");
    await userEvent.click(within(openDialog()!).getByRole("button", { name: "Make auditor", hidden: true }));
    await vi.waitFor(() => expect(sent).toEqual([`PATCH /api/team/members/${member.userId} {"role":"auditor"}`]));
    expect(await screen.findByText("m@example.com is now an auditor.")).toBeTruthy();
    expect(refresh).toHaveBeenCalled();
  });
});
