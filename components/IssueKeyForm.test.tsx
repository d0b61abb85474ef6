// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { addDays, format } from "date-fns";
import { json, stubBff, type SentRequest } from "@/test/support/bff";
import { EXPEDITION, PANOS, RANCHER, descriptionOf, entitlement, rolesAnswer } from "@/test/support/issue-form";
import { OWN_ACCOUNT_WARNING } from "@/lib/policies/own-account";
import { REASON_REQUIRED } from "@/lib/requests/reason";
import { IssueKeyForm } from "./IssueKeyForm";

// The issue and request form before anything is sent: what it shows for each vendor and what it
// refuses in the browser. fetch stands in for the BFF (the roles list); submissions are in
// IssueKeyForm.submit.test.tsx.

const replace = vi.fn();
const push = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push, replace, refresh: vi.fn(), prefetch: vi.fn() }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  replace.mockReset();
  push.mockReset();
});

/** The BFF lists roles; any other request is recorded and answered 500, as nothing should be sent. */
function stubRolesOnly(): SentRequest[] {
  return stubBff((req) => rolesAnswer(req) ?? json({ error: { code: "unexpected", message: "unexpected" } }, 500));
}
const posts = (sent: SentRequest[]) => sent.filter((r) => r.method !== "GET");

describe("IssueKeyForm fields", () => {
  it("shows PAN-OS's fields: a role profile from the firewall (least privilege first), an expiry picker and the .panrc tag", async () => {
    const sent = stubRolesOnly();
    render(<IssueKeyForm connections={[PANOS, EXPEDITION]} selectedId={PANOS.id} />);
    expect((screen.getByLabelText(/^Connection/) as HTMLSelectElement).value).toBe(PANOS.id);
    expect(screen.getByLabelText(/^Key name/)).toBeTruthy();
    const scope = (await screen.findByRole("combobox", { name: "Admin role profile" })) as HTMLSelectElement;
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /api/connections/${PANOS.id}/roles`]);
    // The scope is optional on PAN-OS: the form starts on the first listed role, not the own account.
    expect(scope.value).toBe("readonly");
    expect(within(scope).getByRole("option", { name: "None: a key for the connection's own account" })).toBeTruthy();
    expect(screen.queryByText(OWN_ACCOUNT_WARNING)).toBeNull();
    const expiry = screen.getByRole("group", { name: "Expiry" });
    expect((within(expiry).getByLabelText("90 days") as HTMLInputElement).checked).toBe(true);
    expect(within(expiry).getByLabelText("Never")).toBeTruthy();
    expect(within(expiry).getByText(/At most 365 days/)).toBeTruthy();
    expect(screen.getByLabelText(".panrc tag")).toBeTruthy();
    expect(screen.getByLabelText(/^Reason/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Issue key" })).toBeTruthy();
  });

  it("shows Expedition's: no scope to pick, the vendor's lifetime statement, and the own-account warning", () => {
    const sent = stubRolesOnly();
    render(<IssueKeyForm connections={[PANOS, EXPEDITION]} selectedId={EXPEDITION.id} />);
    expect(screen.queryByRole("combobox", { name: /role/i })).toBeNull();
    expect(screen.queryByRole("group", { name: "Expiry" })).toBeNull();
    expect(screen.getByText(/An Expedition key lives one month past the last login/)).toBeTruthy();
    expect(screen.getByText(OWN_ACCOUNT_WARNING)).toBeTruthy();
    expect(screen.queryByLabelText(".panrc tag")).toBeNull();
    expect(sent).toEqual([]);
  });

  it("goes to the other connection's form when the connection changes", async () => {
    stubRolesOnly();
    const { unmount } = render(<IssueKeyForm connections={[PANOS, EXPEDITION]} selectedId={PANOS.id} />);
    await userEvent.selectOptions(screen.getByLabelText(/^Connection/), EXPEDITION.id);
    expect(replace).toHaveBeenCalledWith(`/keys/new?connection=${EXPEDITION.id}`);
    unmount();
    render(<IssueKeyForm mode="request" connections={[PANOS, EXPEDITION]} selectedId={PANOS.id} />);
    await userEvent.selectOptions(screen.getByLabelText(/^Connection/), EXPEDITION.id);
    expect(replace).toHaveBeenLastCalledWith(`/requests/new?connection=${EXPEDITION.id}`);
  });
});

describe("IssueKeyForm browser checks", () => {
  it("refuses a name over the vendor's limit and a missing required environment, on their fields, sending nothing", async () => {
    const sent = stubRolesOnly();
    render(<IssueKeyForm connections={[RANCHER]} selectedId={RANCHER.id} />);
    await screen.findByRole("combobox", { name: "Environment" });
    const name = screen.getByLabelText(/^Key name/);
    await userEvent.click(name);
    await userEvent.paste("n".repeat(256));
    await userEvent.type(screen.getByLabelText(/^Reason/), "deploy pipeline");
    await userEvent.click(screen.getByRole("button", { name: "Issue key" }));

    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(name)).toContain("Keep the name to 255 characters or fewer.");
    const environment = screen.getByRole("group", { name: /Environment/ });
    expect(within(environment).getByRole("alert").textContent).toBe("Choose an environment.");
    expect(posts(sent)).toEqual([]);
  });

  it("asks for a name and a reason when they are empty", async () => {
    const sent = stubRolesOnly();
    render(<IssueKeyForm mode="request" connections={[EXPEDITION]} selectedId={EXPEDITION.id} />);
    await userEvent.type(screen.getByLabelText(/^Reason/), "   ");
    await userEvent.click(screen.getByRole("button", { name: "Send request" }));
    expect(descriptionOf(screen.getByLabelText(/^Key name/))).toContain(
      "Give the key a name so you can recognise it later.",
    );
    const reason = screen.getByLabelText(/^Reason/);
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(reason)).toContain(REASON_REQUIRED);
    expect(posts(sent)).toEqual([]);
  });

  it("offers a member only the expiry their grant allows and refuses a custom date beyond it", async () => {
    const sent = stubRolesOnly();
    const ent = entitlement({ maxDays: 30, defaultDays: 7, allowNever: false });
    render(<IssueKeyForm mode="request" connections={[{ ...PANOS, entitlement: ent }]} selectedId={PANOS.id} />);
    await screen.findByRole("combobox", { name: "Admin role profile" });
    const expiry = screen.getByRole("group", { name: "Expiry" });
    expect((within(expiry).getByLabelText("7 days") as HTMLInputElement).checked).toBe(true);
    expect(within(expiry).queryByLabelText("60 days")).toBeNull();
    expect(within(expiry).queryByLabelText("Never")).toBeNull();

    await userEvent.type(screen.getByLabelText(/^Key name/), "backup-script on host01");
    await userEvent.type(screen.getByLabelText(/^Reason/), "nightly config backup");
    await userEvent.click(within(expiry).getByLabelText("Custom date"));
    await userEvent.click(screen.getByRole("button", { name: "Send request" }));
    expect(within(expiry).getByRole("alert").textContent).toBe("Pick an expiry date.");

    await userEvent.type(screen.getByLabelText("Expires at the end of"), format(addDays(new Date(), 60), "yyyy-MM-dd"));
    await userEvent.click(screen.getByRole("button", { name: "Send request" }));
    expect(within(expiry).getByRole("alert").textContent).toBe(
      "PAN-OS firewall (XML API) allows at most 30 days; pick an earlier date.",
    );
    expect(posts(sent)).toEqual([]);
  });
});

describe("IssueKeyForm own-account warning", () => {
  it("warns an admin while the connection's own account is chosen instead of a role", async () => {
    stubRolesOnly();
    render(<IssueKeyForm connections={[PANOS]} selectedId={PANOS.id} />);
    const scope = await screen.findByRole("combobox", { name: "Admin role profile" });
    await userEvent.selectOptions(scope, "");
    expect(screen.getByText(OWN_ACCOUNT_WARNING)).toBeTruthy();
    await userEvent.selectOptions(scope, "auditor");
    expect(screen.queryByText(OWN_ACCOUNT_WARNING)).toBeNull();
  });

  it("offers and warns about the own account to a member whose grant names it", async () => {
    stubRolesOnly();
    const ent = entitlement({ ownAccount: true });
    render(<IssueKeyForm mode="request" connections={[{ ...PANOS, entitlement: ent }]} selectedId={PANOS.id} />);
    const scope = await screen.findByRole("combobox", { name: "Admin role profile" });
    // Only the roles the grant names are listed.
    expect(within(scope).queryByRole("option", { name: "superuser" })).toBeNull();
    await userEvent.selectOptions(scope, "");
    expect(within(scope).getByRole("option", { selected: true }).textContent).toBe(
      "None: a key for the connection's own account",
    );
    expect(screen.getByText(OWN_ACCOUNT_WARNING)).toBeTruthy();
  });

  it("neither offers nor warns about the own account to a member whose grant does not name it, and asks for a role", async () => {
    const sent = stubRolesOnly();
    render(
      <IssueKeyForm mode="request" connections={[{ ...PANOS, entitlement: entitlement() }]} selectedId={PANOS.id} />,
    );
    const scope = await screen.findByRole("combobox", { name: "Admin role profile" });
    await userEvent.selectOptions(scope, "");
    expect(within(scope).getByRole("option", { selected: true }).textContent).toBe("Choose an admin role profile…");
    expect(screen.queryByText(OWN_ACCOUNT_WARNING)).toBeNull();

    await userEvent.type(screen.getByLabelText(/^Key name/), "backup-script on host01");
    await userEvent.type(screen.getByLabelText(/^Reason/), "nightly config backup");
    await userEvent.click(screen.getByRole("button", { name: "Send request" }));
    expect(within(screen.getByRole("group", { name: /Admin role profile/ })).getByRole("alert").textContent).toBe(
      "Choose an admin role profile.",
    );
    expect(posts(sent)).toEqual([]);
  });
});
