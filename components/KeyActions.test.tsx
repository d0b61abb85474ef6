// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { KeyActions } from "./KeyActions";

// The key page's actions against recorded BFF answers (fetch stands in for the server).
const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

const base = {
  keyId: "k-1",
  keyName: "ci runner",
  description: "",
  vendorName: "Rancher",
  nameMaxLength: 100,
  replaced: false,
} as const;

afterEach(() => {
  vi.unstubAllGlobals();
  refresh.mockReset();
});

describe("KeyActions", () => {
  it("offers only the verbs the vendor has, and only those that fit the key's status", () => {
    const { rerender } = render(<KeyActions {...base} status="active" verbs={["deactivate", "activate", "revoke"]} />);
    expect(screen.getByRole("button", { name: "Deactivate" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Activate" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Reset secret" })).toBeNull();
    rerender(<KeyActions {...base} status="inactive" verbs={["deactivate", "activate", "revoke"]} />);
    expect(screen.getByRole("button", { name: "Activate" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Deactivate" })).toBeNull();
    rerender(<KeyActions {...base} status="active" verbs={["revoke"]} replaced />);
    expect(screen.queryByRole("button", { name: "Rotate" })).toBeNull();
  });

  it("revokes only after the confirmation, and shows the vendor's refusal when it fails", async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method} ${url}`);
        return new Response(
          JSON.stringify({
            error: { code: "vendor_unreachable", message: "Rancher answered HTTP 503 while revoking the key." },
          }),
          { status: 502, headers: { "content-type": "application/json" } },
        );
      }),
    );
    render(<KeyActions {...base} status="active" verbs={["revoke"]} />);
    await userEvent.click(screen.getByRole("button", { name: "Revoke" }));
    expect(calls).toEqual([]);
    const dialog = screen.getAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open)!;
    await userEvent.click(within(dialog).getByRole("button", { name: /Revoke/, hidden: true }));
    await vi.waitFor(() => expect(calls).toEqual(["POST /api/keys/k-1/revoke"]));
    expect(await screen.findByText("Rancher answered HTTP 503 while revoking the key.")).toBeTruthy();
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe("KeyActions deactivate", () => {
  it("asks before deactivating, starting on Cancel; Cancel and Esc send nothing, Deactivate key does", async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method} ${url}`);
        return new Response(JSON.stringify({ key: { id: "k-1", status: "inactive" } }), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      }),
    );
    render(<KeyActions {...base} status="active" verbs={["deactivate", "activate"]} />);
    const open = () => screen.getAllByRole("dialog", { hidden: true }).find((d) => (d as HTMLDialogElement).open);

    await userEvent.click(screen.getByRole("button", { name: "Deactivate" }));
    expect(within(open()!).getByRole("heading", { hidden: true }).textContent).toBe("Deactivate “ci runner”?");
    expect(document.activeElement).toBe(within(open()!).getByRole("button", { name: "Cancel", hidden: true }));
    await userEvent.click(within(open()!).getByRole("button", { name: "Cancel", hidden: true }));
    expect(open()).toBeUndefined();

    await userEvent.click(screen.getByRole("button", { name: "Deactivate" }));
    fireEvent(open()!, new Event("cancel", { cancelable: true }));
    expect(open()).toBeUndefined();
    expect(calls).toEqual([]);

    await userEvent.click(screen.getByRole("button", { name: "Deactivate" }));
    await userEvent.click(within(open()!).getByRole("button", { name: "Deactivate key", hidden: true }));
    await vi.waitFor(() => expect(calls).toEqual(["POST /api/keys/k-1/deactivate"]));
    expect(await screen.findByText("Key deactivated: it no longer authenticates")).toBeTruthy();
  });
});
