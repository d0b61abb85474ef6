// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, refusal, stubBff } from "@/test/support/bff";
import type { NotifyRule } from "@/lib/notify/rules";
import { RulesForm } from "./RulesForm";

// The team's notification rules: a refused day is named in a summary that takes the focus and
// links to that rule's days; Cancel brings back the saved rules. fetch stands in for the BFF.

const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  refresh.mockReset();
});

const initial: NotifyRule[] = [
  { event: "key.expiring", channels: ["console", "email"], thresholds: [30, 7, 1] },
  { event: "request.waiting", channels: ["console"], thresholds: null },
];

describe("RulesForm", () => {
  it("names a refused rule in a focused summary that links to its days, and Cancel restores the saved rules", async () => {
    const sent = stubBff((req) =>
      (req.body as { rules: Array<{ thresholds: number[] | null }> }).rules[0]!.thresholds!.includes(0)
        ? refusal(422, "invalid_input", "Check the reminder days.", {
            fields: { "rules.0.thresholds.0": "At least 1 day." },
          })
        : json({ rules: initial }),
    );
    render(<RulesForm initial={initial} canManage />);
    const days = screen.getByLabelText("Days before");
    await userEvent.clear(days);
    await userEvent.type(days, "0");
    await userEvent.click(screen.getByRole("button", { name: "Save rules" }));

    const summary = await screen.findByTestId("error-summary");
    expect(document.activeElement).toBe(summary);
    const link = within(summary).getByRole("link", { name: "Key expiring: At least 1 day." });
    expect(link.getAttribute("href")).toBe("#rule-days-key-expiring");
    expect(days.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(days.getAttribute("aria-describedby")!)?.textContent).toBe("At least 1 day.");

    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("error-summary")).toBeNull();
    expect((screen.getByLabelText("Days before") as HTMLInputElement).value).toBe("30, 7, 1");
    expect(sent).toHaveLength(1);
  });
});
