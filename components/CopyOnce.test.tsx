// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CopyOnce } from "./CopyOnce";

// The router is the one part of Next a component test cannot host; the panel's own behaviour is what is tested.
const push = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push, replace: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() }),
}));

const SECRET = "s3cr3t-VALUE-0123456789";

function renderPanel() {
  return render(
    <>
      <nav>
        <a href="/keys">Keys</a>
      </nav>
      <CopyOnce
        keyId="k-1"
        keyName="ci runner"
        secret={SECRET}
        usage={[{ label: "curl: list things", content: `curl -H 'Authorization: ${SECRET}' https://x` }]}
      />
    </>,
  );
}

const receipts: string[] = [];

describe("CopyOnce", () => {
  beforeEach(() => {
    push.mockReset();
    receipts.length = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        receipts.push(`${init?.method} ${url}`);
        return new Response(JSON.stringify({ deliveredAt: new Date().toISOString() }), {
          status: 201,
          headers: { "content-type": "application/json" },
        });
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("tells the console once that the secret is on screen", async () => {
    renderPanel();
    await vi.waitFor(() => expect(receipts).toEqual(["POST /api/keys/k-1/received"]));
  });

  it("takes focus on its heading, described by the warning, and masks the secret until Reveal", async () => {
    renderPanel();
    const heading = screen.getByRole("heading", { name: "Key “ci runner” issued — copy it now" });
    expect(heading).toHaveProperty("tabIndex", -1);
    expect(document.activeElement).toBe(heading);
    expect(screen.getByRole("region", { name: /issued — copy it now/ }).getAttribute("aria-describedby")).toBe(
      "copy-once-warning",
    );
    const field = screen.getByTestId("secret-value") as HTMLInputElement;
    expect(field.type).toBe("password");
    expect(screen.getByText(/curl -H/).textContent).not.toContain(SECRET);
    await userEvent.click(screen.getByRole("button", { name: "Reveal" }));
    expect(field.type).toBe("text");
    expect(screen.getByText(/curl -H/).textContent).toContain(SECRET);
  });

  it("asks before a link takes the person away, stays on Cancel and goes on confirmation", async () => {
    renderPanel();
    await userEvent.click(within(screen.getByRole("navigation")).getByRole("link", { name: "Keys" }));
    const dialog = screen.getByRole("dialog", { hidden: true });
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect(within(dialog).getByText("Leave without the secret?")).toBeTruthy();
    expect(push).not.toHaveBeenCalled();

    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel", hidden: true }));
    expect((dialog as HTMLDialogElement).open).toBe(false);
    expect(screen.getByTestId("secret-value")).toBeTruthy();

    await userEvent.click(within(screen.getByRole("navigation")).getByRole("link", { name: "Keys" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Leave without it", hidden: true }));
    await vi.waitFor(() => expect(push).toHaveBeenCalledWith("/keys"));
  });

  it("warns on reload or close until the person has stored the secret", async () => {
    renderPanel();
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });
});
