// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { UndeliveredAttemptView } from "@/lib/issuance/retired-by-hand";
import { json, refusal, stubBff } from "@/test/support/bff";
import { UndeliveredAttempts } from "./UndeliveredAttempts";

// The dashboard's "retire by hand" list against recorded BFF answers (fetch stands in for the server).

const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  refresh.mockReset();
});

const ATTEMPTS: UndeliveredAttemptView[] = [
  {
    id: "a-1",
    requestId: "r-1",
    keyName: "ci runner",
    connectionName: "Migration box",
    vendor: "expedition",
    requester: "dev@example.com",
    startedAt: "2026-03-01T10:00:00Z",
    message: "Expedition cannot find or revoke a key by name.",
  },
  {
    id: "a-2",
    requestId: "r-2",
    keyName: "backup",
    connectionName: "Lab firewall",
    vendor: "panos",
    requester: "ops@example.com",
    startedAt: "2026-03-02T10:00:00Z",
    message: "A key of the connection's own account cannot be revoked alone.",
  },
];

const openDialog = () => screen.queryAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open);
const row = (keyName: string) => screen.getByText(new RegExp(`“${keyName}”`)).closest("li")!;

describe("UndeliveredAttempts", () => {
  it("posts the attempt's id as a JSON object and refreshes the dashboard", async () => {
    const sent = stubBff(() => json({ retired: true }));
    render(<UndeliveredAttempts attempts={ATTEMPTS} canConfirm />);
    expect(screen.getByRole("heading", { name: "Undelivered — retire by hand: 2" })).toBeTruthy();
    await userEvent.click(within(row("backup")).getByRole("button", { name: "I have retired it" }));
    // It asks first, on Cancel: nothing is sent until the admin confirms.
    expect(document.activeElement).toBe(within(openDialog()!).getByRole("button", { name: "Cancel", hidden: true }));
    expect(sent).toEqual([]);
    await userEvent.click(within(openDialog()!).getByRole("button", { name: "Cancel", hidden: true }));
    expect(openDialog()).toBeUndefined();
    expect(sent).toEqual([]);
    await userEvent.click(within(row("backup")).getByRole("button", { name: "I have retired it" }));
    await userEvent.click(within(openDialog()!).getByRole("button", { name: "I have retired it", hidden: true }));
    await vi.waitFor(() => expect(refresh).toHaveBeenCalled());
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /api/issue-attempts/retired"]);
    expect(sent[0]!.headers.get("content-type")).toBe("application/json");
    // Parsed as the server parses it: an object, not a JSON-encoded string.
    expect(typeof sent[0]!.body).toBe("object");
    expect(sent[0]!.body).toEqual({ attemptId: "a-2" });
  });

  it("shows the BFF's refusal and stays as it was", async () => {
    stubBff(() => refusal(409, "conflict", "This attempt was already confirmed by another admin."));
    render(<UndeliveredAttempts attempts={ATTEMPTS} canConfirm />);
    await userEvent.click(within(row("ci runner")).getByRole("button", { name: "I have retired it" }));
    await userEvent.click(within(openDialog()!).getByRole("button", { name: "I have retired it", hidden: true }));
    expect(await screen.findByText("This attempt was already confirmed by another admin.")).toBeTruthy();
    expect(refresh).not.toHaveBeenCalled();
    for (const b of screen.getAllByRole("button", { name: "I have retired it" }))
      expect((b as HTMLButtonElement).disabled).toBe(false);
  });

  it("lists without a confirm button for who cannot confirm, and shows nothing when there is nothing", () => {
    const { unmount } = render(<UndeliveredAttempts attempts={ATTEMPTS} canConfirm={false} />);
    expect(screen.getByText(/“ci runner” on Migration box for dev@example.com/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "I have retired it" })).toBeNull();
    unmount();
    const { container } = render(<UndeliveredAttempts attempts={[]} canConfirm />);
    expect(container.textContent).toBe("");
  });
});
