// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { RequestView } from "@/lib/requests/queries";
import { json, stubBff } from "@/test/support/bff";
import { RequestList } from "./RequestList";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));
afterEach(() => vi.unstubAllGlobals());

const PENDING: RequestView = {
  id: "r-1",
  connectionId: "c-1",
  connectionName: "Lab firewall",
  vendor: "panos",
  requesterId: "u-1",
  requester: "m@example.com",
  name: "grafana reader",
  scope: ["api-readonly"],
  scopeNames: null,
  securityLevel: null,
  expiresAt: null,
  reason: "dashboards",
  status: "pending",
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  approvalExpiresAt: null,
  createdAt: "2026-12-03T06:00:00Z",
  keyId: null,
  rotation: null,
  policy: null,
};

const openDialog = () => screen.queryAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open);

describe("RequestList cancel", () => {
  it("asks before cancelling a request, starting on Cancel; only the confirmation sends it", async () => {
    const sent = stubBff(() => json({ request: { ...PENDING, status: "cancelled" } }));
    render(<RequestList requests={[PENDING]} />);
    await userEvent.click(screen.getByRole("button", { name: "Cancel request" }));
    const dialog = openDialog()!;
    expect(within(dialog).getByRole("heading", { hidden: true }).textContent).toBe(
      "Cancel the request for “grafana reader”?",
    );
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel", hidden: true }));
    fireEvent(dialog, new Event("cancel", { cancelable: true }));
    expect(openDialog()).toBeUndefined();
    expect(sent).toEqual([]);

    await userEvent.click(screen.getByRole("button", { name: "Cancel request" }));
    await userEvent.click(within(openDialog()!).getByRole("button", { name: "Cancel request", hidden: true }));
    await vi.waitFor(() => expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /api/requests/r-1/cancel"]));
    expect(refresh).toHaveBeenCalled();
  });
});

describe("RequestList scope", () => {
  it("names the roles as the vendor listed them when the request was filed, and shows ids for older requests", () => {
    render(
      <RequestList
        requests={[
          { ...PENDING, id: "r-2", name: "named", scope: ["2", "7"], scopeNames: { "2": "Auditor" } },
          { ...PENDING, id: "r-3", name: "older", scope: ["2"], scopeNames: null },
        ]}
      />,
    );
    const card = (name: string) => screen.getByRole("listitem", { name });
    expect(within(card("named")).getByText(/Lab firewall/).textContent).toContain("Auditor (2), 7");
    expect(within(card("older")).getByText(/Lab firewall/).textContent).toContain("Lab firewall · 2 ·");
  });
});
