// @vitest-environment jsdom
import "@/test/support/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, refusal, stubBff, type SentRequest } from "@/test/support/bff";
import { rolesAnswer } from "@/test/support/issue-form";
import { defaultGrants } from "@/lib/policies/grant-checks";
import { panosCapabilities } from "@/lib/vendors/panos/capabilities";
import { registerSudoPrompt } from "./api-client";
import { PolicyEditor } from "./PolicyEditor";

// A connection's policy editor against recorded BFF answers (fetch stands in for the server).

const refresh = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh, prefetch: vi.fn() }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  registerSudoPrompt(null);
  refresh.mockReset();
});

const CONNECTION = "3f0e3a52-5a55-4d44-9a35-111111111111";
// A new PAN-OS connection's policy: admins issue at once, members need approval, neither names a role.
const GRANTS = defaultGrants(panosCapabilities).map((g, i) => ({ ...g, id: `g-${i + 1}` }));
const PUT_URL = `/api/connections/${CONNECTION}/grants`;

function renderEditor(editable = true) {
  return render(
    <PolicyEditor connectionId={CONNECTION} caps={panosCapabilities} grants={GRANTS} editable={editable} />,
  );
}
/** The BFF: the vendor's roles for the pickers, `answer` for everything the editor sends. */
function stubEditor(answer: (req: SentRequest) => Response): SentRequest[] {
  return stubBff((req) => rolesAnswer(req) ?? answer(req));
}
const changes = (sent: SentRequest[]) => sent.filter((r) => r.method !== "GET");
/** The error shown beside a control (in its cell). */
const errorBeside = (control: HTMLElement) => within(control.closest("td")!).queryByRole("alert")?.textContent;

describe("PolicyEditor", () => {
  it("says which roles' grants name nothing yet until a role, any role or the own account is named", async () => {
    // The vendor's list fails here: ids are typed, as before pickers.
    stubBff(() => refusal(502, "vendor_unreachable", "The firewall did not answer."));
    renderEditor();
    expect(
      await screen.findAllByText(/The vendor's list could not be loaded \(The firewall did not answer\.\)/),
    ).toHaveLength(2);
    const notice = screen.getByText(/cannot request or issue anything on this connection/);
    expect(screen.getByText("A grant names nothing yet")).toBeTruthy();
    expect(notice.textContent).toBe(
      "Admins and Members cannot request or issue anything on this connection until you name the admin role profiles (or the connection's own account) their grant allows, here.",
    );
    await userEvent.click(screen.getByLabelText("Grant 1 any role"));
    expect(screen.getByText(/cannot request or issue anything/).textContent).toMatch(/^Members cannot/);
    await userEvent.type(screen.getByLabelText("Grant 2 roles"), "readonly, auditor");
    await userEvent.tab();
    expect(screen.queryByText("A grant names nothing yet")).toBeNull();
  });

  it("checks each grant against the vendor's bounds in the browser and shows the error on its field", async () => {
    const sent = stubEditor(() => json({ grants: [] }));
    renderEditor();
    const max = screen.getByLabelText("Grant 2 max days");
    await userEvent.clear(max);
    await userEvent.type(max, "400");
    const never = screen.getByLabelText("Grant 1 never expires");
    await userEvent.click(never);
    await userEvent.type(screen.getByLabelText("Grant 1 max days"), "30");
    const defaultDays = screen.getByLabelText("Grant 1 default days");
    await userEvent.clear(defaultDays);
    await userEvent.type(defaultDays, "60");
    await userEvent.click(screen.getByRole("button", { name: "Save policy" }));

    expect(errorBeside(max)).toBe("PAN-OS firewall (XML API) allows at most 365 days.");
    expect(errorBeside(never)).toBe(
      "Keys that may never expire have no maximum: clear the maximum, or do not allow “never”.",
    );
    expect(errorBeside(defaultDays)).toBe("The default lifetime cannot exceed the maximum (30 days).");
    expect(errorBeside(screen.getByLabelText("Grant 2 default days"))).toBeUndefined();
    expect(changes(sent)).toEqual([]);
  });

  it("saves the edited grants with one PUT and says so", async () => {
    const sent = stubEditor(() => json({ grants: [] }));
    renderEditor();
    // The roles come from the firewall, as in the issue form: picked, not typed.
    const roles = await screen.findByRole("group", { name: "Grant 1 roles" });
    await userEvent.click(within(roles).getByRole("checkbox", { name: "superuser" }));
    await userEvent.click(screen.getByLabelText("Grant 1 own account"));
    await userEvent.click(screen.getByLabelText("Grant 1 never expires"));
    await userEvent.click(screen.getByLabelText("Grant 2 any role"));
    const max = screen.getByLabelText("Grant 2 max days");
    await userEvent.clear(max);
    await userEvent.type(max, "30");
    const defaultDays = screen.getByLabelText("Grant 2 default days");
    await userEvent.clear(defaultDays);
    await userEvent.type(defaultDays, "7");
    await userEvent.click(screen.getByLabelText("Grant 2 requires approval"));
    await userEvent.click(screen.getByRole("button", { name: "Add a grant" }));
    await userEvent.selectOptions(screen.getByLabelText("Grant 3 team role"), "auditor");
    await userEvent.click(screen.getByRole("button", { name: "Save policy" }));

    expect(await screen.findByText("Policy saved.")).toBeTruthy();
    expect(refresh).toHaveBeenCalled();
    expect(changes(sent).map((r) => `${r.method} ${r.url}`)).toEqual([`PUT ${PUT_URL}`]);
    const none = { scopes: [], anyScope: false, ownAccount: false, securityLevels: [], allowNever: false };
    expect(changes(sent)[0]!.body).toEqual({
      grants: [
        {
          ...none,
          teamRole: "admin",
          scopes: ["superuser"],
          ownAccount: true,
          allowNever: true,
          defaultDays: 90,
          maxDays: null,
          requiresApproval: false,
        },
        { ...none, teamRole: "member", anyScope: true, defaultDays: 7, maxDays: 30, requiresApproval: false },
        { ...none, teamRole: "auditor", defaultDays: null, maxDays: null, requiresApproval: true },
      ],
    });
  });

  it("asks for the password when the BFF wants a recent confirmation, then saves", async () => {
    let first = true;
    const sent = stubEditor(() => {
      if (!first) return json({ grants: [] });
      first = false;
      return refusal(403, "sudo_required", "Confirm your password to change the policy.");
    });
    const prompt = vi.fn(async () => true);
    registerSudoPrompt(prompt);
    renderEditor();
    await userEvent.click(screen.getByRole("button", { name: "Save policy" }));
    expect(await screen.findByText("Policy saved.")).toBeTruthy();
    expect(prompt).toHaveBeenCalledWith("Confirm your password to change the policy.");
    expect(changes(sent).map((r) => `${r.method} ${r.url}`)).toEqual([`PUT ${PUT_URL}`, `PUT ${PUT_URL}`]);
  });

  it("shows the refusal when the password is not confirmed, and saves nothing", async () => {
    const sent = stubEditor(() => refusal(403, "sudo_required", "Confirm your password to change the policy."));
    registerSudoPrompt(async () => false);
    renderEditor();
    await userEvent.click(screen.getByRole("button", { name: "Save policy" }));
    expect(await screen.findByText("Confirm your password to change the policy.")).toBeTruthy();
    expect(screen.queryByText("Policy saved.")).toBeNull();
    expect(refresh).not.toHaveBeenCalled();
    expect(changes(sent)).toHaveLength(1);
  });

  it("puts the BFF's field refusals beside their grant's fields", async () => {
    stubEditor(() =>
      refusal(422, "invalid", "The policy was not saved.", {
        fields: { "grants.1.maxDays": "Use a whole number of days.", "grants.0.scopes": "Unknown role “root”." },
      }),
    );
    renderEditor();
    await screen.findByRole("group", { name: "Grant 1 roles" });
    await userEvent.click(screen.getByRole("button", { name: "Save policy" }));
    expect(await screen.findByText("The policy was not saved.")).toBeTruthy();
    expect(errorBeside(screen.getByLabelText("Grant 2 max days"))).toBe("Use a whole number of days.");
    expect(errorBeside(screen.getByLabelText("Grant 1 roles"))).toBe("Unknown role “root”.");
    expect(errorBeside(screen.getByLabelText("Grant 1 max days"))).toBeUndefined();
    expect(refresh).not.toHaveBeenCalled();
  });

  it("keeps a role the vendor no longer lists, marked, so saving does not drop it", async () => {
    const sent = stubEditor(() => json({ grants: [] }));
    render(
      <PolicyEditor
        connectionId={CONNECTION}
        caps={panosCapabilities}
        grants={[{ ...GRANTS[1]!, scopes: ["readonly", "retired-profile"] }]}
        editable
      />,
    );
    const roles = await screen.findByRole("group", { name: "Grant 1 roles" });
    expect(
      within(roles)
        .getAllByRole("checkbox")
        .map((c) => (c as HTMLInputElement).checked),
    ).toEqual([true, false, false, true]);
    expect(within(roles).getByText("not listed by the vendor now")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Save policy" }));
    await vi.waitFor(() => expect(changes(sent)).toHaveLength(1));
    expect((changes(sent)[0]!.body as { grants: Array<{ scopes: string[] }> }).grants[0]!.scopes).toEqual([
      "readonly",
      "retired-profile",
    ]);
  });

  it("is read-only without policy.manage: nothing to change or save", () => {
    stubEditor(() => json({ grants: [] }));
    renderEditor(false);
    expect((screen.getByLabelText("Grant 1 team role") as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText("Grant 2 requires approval") as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole("button", { name: "Save policy" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Remove" })).toBeNull();
    expect(screen.getByText(/cannot request or issue anything/).textContent).toContain("until an admin names");
  });
});
