// @vitest-environment jsdom
import "@/test/support/dom";
import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, stubBff } from "@/test/support/bff";
import { PANOS, receiptAnswer, rolesAnswer } from "@/test/support/issue-form";
import { IssueKeyForm } from "./IssueKeyForm";

// The copy-once panel loads when the person issues, not with the form. Here its chunk cannot be
// loaded (a dropped connection, a deploy that removed it): the key must not be minted, since
// nothing could show its secret.

vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() }),
}));
vi.mock("./CopyOnce", () => {
  throw new Error("Loading chunk failed");
});

describe("IssueKeyForm when the copy-once panel cannot load", () => {
  it("sends no issue and says nothing was issued", async () => {
    const sent = stubBff((req) => rolesAnswer(req) ?? receiptAnswer(req) ?? json({ key: { id: "k-1" } }, 201));
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    await screen.findByRole("combobox", { name: "Admin role profile" });
    await userEvent.type(screen.getByLabelText(/^Key name/), "backup-script on host01");
    await userEvent.type(screen.getByLabelText(".panrc tag"), "fw01");
    await userEvent.type(screen.getByLabelText(/^Reason/), "nightly config backup");
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));

    expect(
      await screen.findByText(/could not load the panel that shows the new secret, so nothing was issued/),
    ).toBeTruthy();
    expect(sent.filter((r) => r.method === "POST" && r.url === "/api/keys")).toEqual([]);
    expect(screen.getByRole("button", { name: "Issue key" })).toBeTruthy();
  });
});
