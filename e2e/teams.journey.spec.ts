import { expect, test, type Page } from "@playwright/test";
import { expectProblem, openAccountMenu, rememberSecret, signIn, snap } from "./support/helpers";
import { ORIGIN, signInAs, uniqueEmail, warmUp } from "./support/accounts";
import { E2E } from "./support/server-config";

// Teams end to end: an admin makes a sign-up link and an invite; the member sets their own
// password through the link and sees only what a member may; roles and removals take effect at
// once (a removal signs the member out); switching teams changes what is shown.

test.describe.configure({ mode: "serial" });

const memberEmail = uniqueEmail("member");
const memberPassword = "member-own-password-1";
const inviteeEmail = uniqueEmail("invitee");
const inviteePassword = "invitee-password-77";
let signUpLink = "";
let inviteLink = "";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("admin makes a sign-up link and an invite link on the team page", async ({ page }) => {
  await warmUp(page);
  await signIn(page);
  await nav(page).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { name: "Demo team" })).toBeVisible();
  await snap(page, "team");

  const account = page.getByRole("region", { name: "Add a person by e-mail" });
  await account.getByRole("button", { name: "Create sign-up link" }).click();
  await expectProblem(account, "Enter an e-mail address like name@example.com.");
  await account.getByLabel("E-mail").fill(memberEmail);
  await account.getByRole("button", { name: "Create sign-up link" }).click();
  signUpLink = await page.getByTestId("account-link").inputValue();
  expect(signUpLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  rememberSecret(signUpLink.split("/").pop()!);
  // Nobody joined yet: the person must act.
  await expect(page.getByTestId(`member-${memberEmail}`)).toHaveCount(0);
  // A member of this team is reported (the list shows them anyway); nothing else is.
  await account.getByLabel("E-mail").fill(E2E.adminEmail);
  await account.getByRole("button", { name: "Create sign-up link" }).click();
  await expect(
    account.getByRole("alert").filter({ hasText: `${E2E.adminEmail} is already a member of this team` }),
  ).toBeVisible();

  const invites = page.getByRole("region", { name: "Invite someone" });
  await invites.getByLabel("Valid for (days)").fill("30");
  await invites.getByRole("button", { name: "Create invite link" }).click();
  await expectProblem(invites, /Choose how long the link stays valid/);
  await invites.getByLabel("Role").selectOption("auditor");
  await invites.getByLabel("Valid for (days)").fill("3");
  await invites.getByRole("button", { name: "Create invite link" }).click();
  inviteLink = await page.getByTestId("invite-link").inputValue();
  expect(inviteLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  rememberSecret(inviteLink.split("/").pop()!);
  await expect(invites.getByTestId("pending-invite").filter({ hasText: "Auditor" })).toBeVisible();
  await snap(page, "team-created");

  // The last admin cannot be demoted: the reason is shown, nothing changes.
  await page.getByLabel(`Role of ${E2E.adminEmail}`).selectOption("member");
  await page
    .getByRole("dialog", { name: `Make ${E2E.adminEmail} a member?` })
    .getByRole("button", { name: "Make member" })
    .click();
  await expect(page.getByRole("alert").filter({ hasText: "last admin" })).toBeVisible();
  await expect(page.getByLabel(`Role of ${E2E.adminEmail}`)).toHaveValue("admin");
  expect((await page.request.get("/api/team")).status()).toBe(200);
});

test("the member sets their own password through the sign-up link, then sees only what a member may", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: E2E.url });
  const page = await context.newPage();
  await page.goto(signUpLink);
  await expect(page.getByRole("heading", { name: "Join Demo team" })).toBeVisible();
  await expect(page.getByLabel("E-mail")).toHaveValue(memberEmail);
  await page.getByLabel("Your name").fill("Mia Member");
  await page.getByLabel("Password").fill(memberPassword);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  rememberSecret(memberPassword);

  await expect(nav(page).getByRole("link", { name: "Connections" })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Audit log" })).toHaveCount(0);
  expect((await page.request.get("/api/audit")).status()).toBe(403);
  await nav(page).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("region", { name: "Invite someone" })).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${memberEmail}`)).toHaveCount(0);
  await snap(page, "team-as-member");
  expect(
    (await page.request.post("/api/team/invites", { headers: ORIGIN, data: { role: "admin", days: 1 } })).status(),
  ).toBe(403);

  // The link worked once.
  expect((await page.request.get(`/api/invites/${signUpLink.split("/").pop()}`)).status()).toBe(410);
  await context.close();
});

test("a new visitor accepts the invite by creating an account; the link then answers 410", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: E2E.url });
  const page = await context.newPage();
  await page.goto(inviteLink);
  await expect(page.getByRole("heading", { name: "Join Demo team" })).toBeVisible();
  await snap(page, "invite-accept");
  await page.getByLabel("Your name").fill("Ines Invitee");
  await page.getByLabel("E-mail").fill(inviteeEmail);
  await page.getByLabel("Password").fill("too-short");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expect(page.getByRole("link", { name: "Use at least 12 characters." })).toBeVisible();
  await expect(page.locator("#password-error")).toHaveText("Use at least 12 characters.");
  await page.getByLabel("Password").fill(inviteePassword);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Audit log" })).toBeVisible();

  const used = await page.request.get(`/api/invites/${inviteLink.split("/").pop()}`);
  expect(used.status()).toBe(410);
  await page.goto(inviteLink);
  await expect(page.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();
  await snap(page, "invite-used");
  await context.close();
});

test("role change and removal take effect at once; switching teams changes what is shown", async ({
  page,
  browser,
}) => {
  await signIn(page);
  const memberCtx = await browser.newContext({ baseURL: E2E.url });
  const member = await memberCtx.newPage();
  await signInAs(member, memberEmail, memberPassword);
  await expect(nav(member).getByRole("link", { name: "Audit log" })).toHaveCount(0);

  await page.goto("/team");
  // Picking a role only proposes it: the dialog opens on Cancel, Esc leaves the member as they were.
  await page.getByLabel(`Role of ${memberEmail}`).selectOption("auditor");
  const confirm = page.getByRole("dialog", { name: `Make ${memberEmail} an auditor?` });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await snap(page, "team-role-change-confirm");
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(page.getByLabel(`Role of ${memberEmail}`)).toHaveValue("member");
  await member.reload();
  await expect(nav(member).getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await page.getByLabel(`Role of ${memberEmail}`).selectOption("auditor");
  await confirm.getByRole("button", { name: "Make auditor" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${memberEmail} is now an auditor.` })).toBeVisible();
  await expect(page.getByLabel(`Role of ${memberEmail}`)).toHaveValue("auditor");
  await member.reload();
  await expect(nav(member).getByRole("link", { name: "Audit log" })).toBeVisible();

  // The invitee is removed: their sessions end with it, and signing in again finds no team.
  const inviteeCtx = await browser.newContext({ baseURL: E2E.url });
  const invitee = await inviteeCtx.newPage();
  await signInAs(invitee, inviteeEmail, inviteePassword);
  await expect(invitee.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.getByRole("button", { name: `Remove ${inviteeEmail}` }).click();
  const confirmRemoval = page.getByRole("dialog", { name: `Remove ${inviteeEmail} from the team?` });
  await expect(confirmRemoval.getByText("They own no live keys.")).toBeVisible();
  await confirmRemoval.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByTestId(`member-${inviteeEmail}`)).toHaveCount(0);
  await invitee.reload();
  await expect(invitee).toHaveURL(/\/login/);
  expect((await invitee.request.get("/api/connections")).status()).toBe(401);
  await signInAs(invitee, inviteeEmail, inviteePassword);
  await expect(
    invitee.getByRole("heading", { name: "You are not a member of any team yet — ask an admin to add you" }),
  ).toBeVisible();
  expect((await invitee.request.get("/api/connections")).status()).toBe(403);
  await snap(invitee, "no-team");
  await inviteeCtx.close();

  // The member starts a second team: the header offers a switch, and each team shows its own things.
  await member.goto("/team");
  const start = member.getByRole("region", { name: "Start another team" });
  await start.getByLabel("Team name").fill("Mia's lab");
  await start.getByRole("button", { name: "Create team" }).click();
  await expect(member.getByRole("heading", { name: "Mia's lab" })).toBeVisible();
  // At 1280 px the switcher sits in the header's Account menu.
  await openAccountMenu(member);
  const switcher = member.locator("#account-menu").getByLabel("Current team");
  await expect(switcher).toHaveValue(/.+/);
  await expect(member.getByRole("region", { name: "Invite someone" })).toBeVisible();
  await member.goto("/");
  await expect(member.getByRole("heading", { name: "Connect your first vendor" })).toBeVisible();
  await snap(member, "team-switched");
  await openAccountMenu(member);
  await member.locator("#account-menu").getByLabel("Current team").selectOption({ label: "Demo team" });
  await expect(member.getByText(/Demo team · \d+ connections?/)).toBeVisible();
  await expect(member.getByRole("heading", { name: "Connect your first vendor" })).toHaveCount(0);
  await member.goto("/team");
  await expect(member.getByRole("region", { name: "Invite someone" })).toHaveCount(0);
  await memberCtx.close();
});
