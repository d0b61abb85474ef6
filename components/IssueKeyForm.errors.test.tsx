// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { refusal, stubBff } from "@/test/support/bff";
import { PANOS, RANCHER, receiptAnswer, rolesAnswer } from "@/test/support/issue-form";
import { REASON_REQUIRED } from "@/lib/requests/reason";
import { IssueKeyForm } from "./IssueKeyForm";

// After a refused submit the person is taken to what is wrong: a summary that links to each
// field, or the vendor's refusal beside the button they pressed.

vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() }),
}));
afterEach(() => vi.unstubAllGlobals());

describe("IssueKeyForm errors", () => {
  it("moves the focus to “There is a problem”, whose links put the focus in each invalid field", async () => {
    stubBff((req) => rolesAnswer(req) ?? refusal(500, "unexpected", "nothing should be sent"));
    render(<IssueKeyForm connections={[RANCHER]} selectedId={RANCHER.id} />);
    await screen.findByRole("combobox", { name: "Environment" });
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));

    const summary = screen.getByTestId("error-summary");
    expect(document.activeElement).toBe(summary);
    expect(within(summary).getByRole("heading").textContent).toBe("There is a problem");
    const links = within(summary).getAllByRole("link");
    // In the order the form reads: name, environment, reason.
    expect(links.map((l) => l.textContent)).toEqual([
      "Give the key a name so you can recognise it later.",
      "Choose an environment.",
      REASON_REQUIRED,
    ]);
    expect(links.map((l) => l.getAttribute("href"))).toEqual(["#key-name", "#scope", "#reason"]);
    await userEvent.click(links[1]!);
    expect(document.activeElement).toBe(screen.getByRole("combobox", { name: "Environment" }));
  });

  it("shows the vendor's refusal beside the submit button and moves the focus there", async () => {
    stubBff(
      (req) =>
        rolesAnswer(req) ??
        receiptAnswer(req) ??
        refusal(502, "vendor_unreachable", "The firewall answered HTTP 503 while creating the key."),
    );
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    await screen.findByRole("combobox", { name: "Admin role profile" });
    await userEvent.type(screen.getByLabelText(/^Key name/), "backup");
    await userEvent.type(screen.getByLabelText(".panrc tag"), "fw01");
    await userEvent.type(screen.getByLabelText(/^Reason/), "nightly config backup");
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));

    const refused = await screen.findByTestId("submit-error");
    expect(refused.textContent).toContain("The firewall answered HTTP 503 while creating the key.");
    expect(document.activeElement).toBe(refused);
    expect(screen.queryByTestId("error-summary")).toBeNull();
    // Right above the buttons, not at the top of the form.
    expect(refused.nextElementSibling?.contains(screen.getByRole("button", { name: "Issue key" }))).toBe(true);
  });

  it("has a Cancel back to the list it came from", () => {
    stubBff((req) => rolesAnswer(req) ?? refusal(500, "unexpected", "unexpected"));
    const { unmount } = render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    expect(screen.getByRole("link", { name: "Cancel" }).getAttribute("href")).toBe("/keys");
    unmount();
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} mode="request" />);
    expect(screen.getByRole("link", { name: "Cancel" }).getAttribute("href")).toBe("/requests");
  });
});
