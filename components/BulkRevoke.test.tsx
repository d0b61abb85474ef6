// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { BulkRevokePreview, BulkRevokeResult } from "@/lib/keys/lifecycle/bulk-revoke-report";
import { BulkRevoke } from "./BulkRevoke";

// The keys list's bulk revoke against recorded BFF answers (fetch stands in for the server):
// nothing is revoked before the confirmation, which sends the preview's exact ids and the filter.

const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const PREVIEW: BulkRevokePreview = {
  count: 3,
  more: false,
  keyIds: [ID(1), ID(2), ID(3)],
  keys: [
    { id: ID(1), name: "ci runner", vendorName: "Rancher", connectionName: "Rancher lab", owner: "a@x", byHand: false },
    { id: ID(2), name: "nightly", vendorName: "Expedition", connectionName: "Exp", owner: "a@x", byHand: true },
    { id: ID(3), name: "old job", vendorName: "Rancher", connectionName: "Rancher lab", owner: "b@x", byHand: false },
  ],
  byHand: [{ vendor: "expedition", vendorName: "Expedition", count: 1 }],
};
const RESULT: BulkRevokeResult = {
  revoked: 1,
  retireByHand: 1,
  failed: 0,
  skipped: 1,
  keys: [
    { id: ID(1), name: "ci runner", outcome: "revoked", message: null },
    {
      id: ID(2),
      name: "nightly",
      outcome: "retire_by_hand",
      message: "Expedition has no API call that revokes a key.",
    },
    { id: ID(3), name: "old job", outcome: "skipped", message: "No longer live (now revoked)." },
  ],
};

const answer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const openDialog = () => screen.getAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open)!;

afterEach(() => {
  vi.unstubAllGlobals();
  refresh.mockReset();
});

describe("BulkRevoke", () => {
  it("previews the filter's keys, revokes only on confirmation with the preview's ids, and reports each key", async () => {
    const calls: Array<{ method: string; url: string; body: unknown }> = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push({ method: init?.method ?? "GET", url, body: init?.body ? JSON.parse(String(init.body)) : null });
        return url.startsWith("/api/keys/revoke-preview") ? answer(PREVIEW) : answer(RESULT);
      }),
    );
    render(<BulkRevoke filter={{ vendor: "rancher", ownerless: "1" }} />);
    await userEvent.click(screen.getByRole("button", { name: "Revoke all matching…" }));
    const dialog = openDialog();
    expect(await within(dialog).findByText("3 live keys")).toBeTruthy();
    const list = within(dialog).getByRole("list", { name: "Keys to revoke", hidden: true });
    expect(
      within(list)
        .getAllByRole("listitem", { hidden: true })
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringContaining("ci runner"),
      expect.stringContaining("retire by hand"),
      expect.stringContaining("old job"),
    ]);
    expect(within(dialog).getByText(/Expedition: 1 key will be marked “retire by hand”/)).toBeTruthy();
    expect(calls).toEqual([{ method: "GET", url: "/api/keys/revoke-preview?vendor=rancher&ownerless=1", body: null }]);

    await userEvent.click(within(dialog).getByRole("button", { name: "Revoke 3 keys", hidden: true }));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({
      method: "POST",
      url: "/api/keys/bulk-revoke",
      body: { filter: { vendor: "rancher", ownerless: "1" }, keyIds: [ID(1), ID(2), ID(3)] },
    });
    const report = await within(dialog).findByRole("list", { name: "What happened to each key", hidden: true });
    expect(
      within(report)
        .getAllByRole("listitem", { hidden: true })
        .map((li) => li.textContent),
    ).toEqual([
      "ci runner: revoked",
      expect.stringMatching(/^nightly: retire by hand.*no API call/),
      expect.stringMatching(/^old job: skipped.*No longer live/),
    ]);
    expect(within(dialog).getByText(/1 revoked · 1 to retire by hand · 0 failed · 1 skipped/)).toBeTruthy();
    expect(refresh).toHaveBeenCalled();
    expect(within(dialog).queryByRole("button", { name: /Revoke \d/, hidden: true })).toBeNull();
  });

  it("cancel sends nothing; an empty preview offers nothing to confirm; a refusal is shown", async () => {
    const calls: string[] = [];
    let preview: unknown = { ...PREVIEW, count: 0, keyIds: [], keys: [], byHand: [] };
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${url}`);
        return url.startsWith("/api/keys/revoke-preview")
          ? answer(preview)
          : answer({ error: { code: "forbidden", message: "Only admins can revoke keys." } }, 403);
      }),
    );
    render(<BulkRevoke filter={{ q: "ci-" }} />);
    await userEvent.click(screen.getByRole("button", { name: "Revoke all matching…" }));
    expect(await within(openDialog()).findByText(/nothing to revoke/)).toBeTruthy();
    expect(within(openDialog()).queryByRole("button", { name: /^Revoke \d/, hidden: true })).toBeNull();
    await userEvent.click(within(openDialog()).getByRole("button", { name: "Cancel", hidden: true }));

    preview = PREVIEW;
    await userEvent.click(screen.getByRole("button", { name: "Revoke all matching…" }));
    await userEvent.click(await within(openDialog()).findByRole("button", { name: "Revoke 3 keys", hidden: true }));
    expect(await within(openDialog()).findByText("Only admins can revoke keys.")).toBeTruthy();
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual(["POST /api/keys/bulk-revoke"]);
    expect(refresh).not.toHaveBeenCalled();
  });
});
