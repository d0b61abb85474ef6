// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, refusal, stubBff } from "@/test/support/bff";
import { AuditStreamForm } from "./AuditStreamForm";

// The add-a-stream form: the kind picked decides which fields show and what is sent; the BFF's
// field messages appear beside their inputs. fetch stands in for the BFF.

const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  refresh.mockReset();
});

describe("AuditStreamForm", () => {
  it("sends a syslog stream by default, with host and port", async () => {
    const sent = stubBff(() => json({ stream: { id: "s1" } }, 201));
    render(<AuditStreamForm />);
    expect(screen.queryByLabelText("Receiver URL")).toBeNull();
    await userEvent.type(screen.getByLabelText("Name"), "SIEM");
    await userEvent.type(screen.getByLabelText("Receiver host"), "siem.example.com");
    await userEvent.click(screen.getByRole("button", { name: "Add stream" }));
    await screen.findByText(/Stream added/);
    expect(sent.map((r) => r.body)).toEqual([
      { kind: "syslog", name: "SIEM", host: "siem.example.com", port: 6514, caPem: "", allowPrivate: false },
    ]);
  });

  it("sends an HTTPS JSON-lines stream with its URL, Authorization value and allowances, and shows the URL's message", async () => {
    const sent = stubBff((req) =>
      (req.body as { url: string }).url.startsWith("http:")
        ? refusal(422, "invalid_input", "Use an https:// URL.", {
            fields: { url: "Use an https:// URL (or allow plain http for this endpoint)." },
          })
        : json({ stream: { id: "s2" } }, 201),
    );
    render(<AuditStreamForm />);
    await userEvent.click(screen.getByLabelText("HTTPS JSON lines"));
    expect(screen.queryByLabelText("Receiver host")).toBeNull();
    await userEvent.type(screen.getByLabelText("Name"), "Lake");
    await userEvent.type(screen.getByLabelText("Receiver URL"), "http://lake.example/ingest");
    await userEvent.type(screen.getByLabelText("Authorization header (optional)"), "Bearer t0ken");
    await userEvent.click(screen.getByRole("button", { name: "Add stream" }));
    // The summary takes the focus and links to the field, whose own message sits beside it.
    const summary = await screen.findByTestId("error-summary");
    expect(document.activeElement).toBe(summary);
    const link = within(summary).getByRole("link", {
      name: "Use an https:// URL (or allow plain http for this endpoint).",
    });
    expect(link.getAttribute("href")).toBe("#stream-url");
    expect(document.getElementById("stream-url-error")?.textContent).toBe(
      "Use an https:// URL (or allow plain http for this endpoint).",
    );
    expect(screen.getByLabelText("Receiver URL").getAttribute("aria-invalid")).toBe("true");

    await userEvent.click(screen.getByLabelText(/Allow plain http/));
    await userEvent.click(screen.getByRole("button", { name: "Add stream" }));
    expect(sent.at(-1)!.body).toEqual({
      kind: "http",
      name: "Lake",
      url: "http://lake.example/ingest",
      authorization: "Bearer t0ken",
      caPem: "",
      allowHttp: true,
      allowPrivate: false,
    });
  });

  it("Cancel puts the form back as it opened and clears the problems, sending nothing", async () => {
    const sent = stubBff(() =>
      refusal(422, "invalid_input", "Check the fields.", { fields: { host: "Enter the receiver's host name." } }),
    );
    render(<AuditStreamForm />);
    await userEvent.type(screen.getByLabelText("Name"), "SIEM");
    await userEvent.click(screen.getByRole("button", { name: "Add stream" }));
    await screen.findByTestId("error-summary");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("error-summary")).toBeNull();
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("");
    expect(sent).toHaveLength(1);
  });
});
