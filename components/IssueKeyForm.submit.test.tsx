// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, ndjsonStream, refusal, stubBff, type SentRequest } from "@/test/support/bff";
import { PANOS, descriptionOf, entitlement, receiptAnswer, rolesAnswer } from "@/test/support/issue-form";
import { IssueKeyForm } from "./IssueKeyForm";

// Sending the form: what reaches the BFF (fetch stands in for it) and what the person sees of
// each answer — the secret once, field refusals in place, a repeat, the streamed steps and Cancel.

const push = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push, replace: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() }),
}));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  push.mockReset();
});

const SECRET = "LUFRPT1-secret-value-0123456789";
const ISSUED = {
  key: { id: "k-1", name: "backup-script on host01" },
  secret: SECRET,
  usage: [{ label: "curl: system info", content: `curl -H 'X-PAN-KEY: ${SECRET}' https://fw/api` }],
};

/** Answers the roles and the copy-once receipt; everything else goes to `submit`. */
function stubForm(submit: (req: SentRequest) => Response | Promise<Response>): SentRequest[] {
  return stubBff((req) => rolesAnswer(req) ?? receiptAnswer(req) ?? submit(req));
}
const submissions = (sent: SentRequest[], url: string) => sent.filter((r) => r.method === "POST" && r.url === url);

async function fillIn() {
  await screen.findByRole("combobox", { name: "Admin role profile" });
  await userEvent.type(screen.getByLabelText(/^Key name/), "backup-script on host01");
  await userEvent.type(screen.getByLabelText(".panrc tag"), "fw01");
  await userEvent.type(screen.getByLabelText(/^Reason/), "nightly config backup");
}

describe("IssueKeyForm submission", () => {
  it("sends one issue with an Idempotency-Key even on a double click, then shows the secret once", async () => {
    let answer!: (r: Response) => void;
    const sent = stubForm(() => new Promise<Response>((resolve) => (answer = resolve)));
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    await fillIn();
    await userEvent.dblClick(screen.getByRole("button", { name: "Issue key" }));
    await vi.waitFor(() => expect(submissions(sent, "/api/keys")).toHaveLength(1));
    answer(json(ISSUED, 201));

    expect(
      await screen.findByRole("heading", { name: "Key “backup-script on host01” issued — copy it now" }),
    ).toBeTruthy();
    expect((screen.getByTestId("secret-value") as HTMLInputElement).value).toBe(SECRET);
    const [issue] = submissions(sent, "/api/keys");
    expect(submissions(sent, "/api/keys")).toHaveLength(1);
    expect(issue!.headers.get("idempotency-key")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(issue!.headers.get("accept")).toContain("application/x-ndjson");
    expect(issue!.body).toMatchObject({
      connectionId: PANOS.id,
      name: "backup-script on host01",
      scope: ["readonly"],
      fields: { tag: "fw01" },
      reason: "nightly config backup",
    });
    const expiresAt = new Date((issue!.body as { expiresAt: string }).expiresAt).getTime();
    expect(Math.round((expiresAt - Date.now()) / 86_400_000)).toBe(90);
  });

  it("sends a member's request once on a double click and opens it in My requests", async () => {
    let answer!: (r: Response) => void;
    const sent = stubForm(() => new Promise<Response>((resolve) => (answer = resolve)));
    render(
      <IssueKeyForm mode="request" connections={[{ ...PANOS, entitlement: entitlement() }]} selectedId={PANOS.id} />,
    );
    expect(screen.getByText("An admin must approve this request before you can issue the key.")).toBeTruthy();
    await fillIn();
    await userEvent.dblClick(screen.getByRole("button", { name: "Send request" }));
    expect(screen.getByRole("button", { name: "Sending…" }).hasAttribute("disabled")).toBe(true);
    answer(json({ request: { id: "r-7" } }, 201));
    await vi.waitFor(() => expect(push).toHaveBeenCalledWith("/requests?made=r-7"));
    expect(submissions(sent, "/api/requests")).toHaveLength(1);
    expect(submissions(sent, "/api/requests")[0]!.body).toMatchObject({
      name: "backup-script on host01",
      scope: ["readonly"],
      reason: "nightly config backup",
    });
  });

  it("puts the BFF's field refusals on their fields", async () => {
    stubForm(() =>
      refusal(422, "invalid", "This key request does not fit what the firewall can issue.", {
        fields: { name: "The firewall refuses this name.", "fields.tag": "This tag is taken in the .panrc." },
      }),
    );
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    await fillIn();
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));

    expect(await screen.findByText("The key was not issued")).toBeTruthy();
    expect(screen.getByText("This key request does not fit what the firewall can issue.")).toBeTruthy();
    const name = screen.getByLabelText(/^Key name/);
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(name)).toContain("The firewall refuses this name.");
    const tag = screen.getByLabelText(".panrc tag");
    expect(tag.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(tag)).toContain("This tag is taken in the .panrc.");
    // What the person typed is still there to correct.
    expect((name as HTMLInputElement).value).toBe("backup-script on host01");
  });

  it("says a repeated submission was already issued and links its key, without a secret", async () => {
    const message =
      "This submission already issued the key “backup-script on host01”. Its secret was shown once, in the answer to the first submission, and cannot be shown again.";
    stubForm(() =>
      refusal(409, "duplicate_submission", message, { outcome: { status: "issued", requestId: "r-1", keyId: "k-1" } }),
    );
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    await fillIn();
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));
    expect(await screen.findByText("This submission was already issued")).toBeTruthy();
    expect(screen.getByText(message, { exact: false })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open the key" }).getAttribute("href")).toBe("/keys/k-1");
    expect(screen.queryByTestId("secret-value")).toBeNull();
  });
});

describe("IssueKeyForm streamed issue", () => {
  it("shows the vendor's steps and the time so far while the answer streams, then the secret", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["setInterval", "clearInterval", "Date"] });
    let stream!: ReturnType<typeof ndjsonStream>;
    stubForm((req) => {
      stream = ndjsonStream(req.signal);
      return stream.response;
    });
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    await fillIn();
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));
    const progress = await screen.findByRole("region", { name: "Issuing the key…" });
    expect(within(progress).getByText("Starting…")).toBeTruthy();
    expect(within(progress).getByRole("button", { name: "Cancel" })).toBeTruthy();

    act(() =>
      stream.write({ type: "progress", step: "admin_created", message: "Administrator created", elapsedMs: 400 }),
    );
    act(() =>
      stream.write({
        type: "progress",
        step: "commit",
        message: "Commit job 12 at 40 %",
        percent: 40,
        elapsedMs: 1500,
      }),
    );
    const steps = await within(progress).findByRole("list", { name: "Steps so far" });
    await vi.waitFor(() => expect(within(steps).getAllByRole("listitem")).toHaveLength(2));
    expect(
      within(steps)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["✓Administrator created0:00", "…Commit job 12 at 40 %0:01"]);
    expect(
      within(progress).getByRole("progressbar", { name: "Commit job 12 at 40 %" }).getAttribute("aria-valuenow"),
    ).toBe("40");
    // The same commit job further along replaces its line.
    act(() =>
      stream.write({
        type: "progress",
        step: "commit",
        message: "Commit job 12 at 90 %",
        percent: 90,
        elapsedMs: 2500,
      }),
    );
    await vi.waitFor(() => expect(within(steps).getAllByRole("listitem")[1]!.textContent).toContain("at 90 %"));
    expect(within(steps).getAllByRole("listitem")).toHaveLength(2);

    act(() => vi.advanceTimersByTime(65_000));
    expect(within(progress).getByTestId("issue-elapsed").textContent).toBe("1:05");

    act(() => stream.write({ type: "result", elapsedMs: 66_000, result: ISSUED }));
    expect(await screen.findByRole("heading", { name: /issued — copy it now/ })).toBeTruthy();
    expect((screen.getByTestId("secret-value") as HTMLInputElement).value).toBe(SECRET);
  });

  it("Cancel aborts the request and says the vendor's key is taken back", async () => {
    let stream!: ReturnType<typeof ndjsonStream>;
    const sent = stubForm((req) => {
      stream = ndjsonStream(req.signal);
      return stream.response;
    });
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    await fillIn();
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));
    const progress = await screen.findByRole("region", { name: "Issuing the key…" });
    act(() => stream.write({ type: "progress", step: "vendor_call", message: "Calling the firewall", elapsedMs: 10 }));
    await within(progress).findByText("Calling the firewall");

    await userEvent.click(within(progress).getByRole("button", { name: "Cancel" }));
    await stream.aborted;
    const [issue] = submissions(sent, "/api/keys");
    expect(issue!.signal?.aborted).toBe(true);
    expect(await screen.findByText("Issue cancelled")).toBeTruthy();
    expect(screen.getByText(/whatever the vendor made for this key is taken back/)).toBeTruthy();
    expect(screen.queryByTestId("secret-value")).toBeNull();
    // The form is back with what was typed, ready to send again.
    expect((screen.getByLabelText(/^Key name/) as HTMLInputElement).value).toBe("backup-script on host01");
    expect(screen.getByRole("button", { name: "Issue key" })).toBeTruthy();
  });
});
