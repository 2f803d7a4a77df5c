import { Page } from "@playwright/test";
import { test, expect, signIn, ADMIN, HR, fitsWidth } from "./helpers";

async function positionPage(page: Page) {
  await page.goto("/positions");
  await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
}

/** HR invites someone new to the demo position (so no other test's candidate is touched). */
async function invite(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${Date.now()}@mail.example`;
  await positionPage(page);
  await page.getByLabel("Candidates, one per line").fill(`${name} <${email}>`);
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText("Invited 1.")).toBeVisible();
  return email;
}

test("the staff list shows staff, and trainees or one role when asked", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/staff");
  const table = page.locator("table");
  await expect(table).toContainText("Tom Becker");
  await expect(table).not.toContainText("Carmen Ortiz");
  await expect(page.locator("#staff-show option[value=trainee]")).toHaveText(/^Trainees \(\d+\)$/);
  await page.getByLabel("Show").selectOption("trainee");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/show=trainee/);
  await expect(table).toContainText("Carmen Ortiz");
  await expect(table).not.toContainText("Tom Becker");
  await expect(page.getByLabel("Show")).toHaveValue("trainee");
});

test("the outbox finds emails by name, address or subject, and says when nothing matches", async ({ page }) => {
  await signIn(page, HR);
  await page.goto("/outbox");
  await page.getByLabel("Search by name, email or subject").fill("ana.lopez");
  await page.getByRole("button", { name: "Search" }).click();
  const messages = page.locator("ul.messages > li");
  await expect(messages.first()).toBeVisible();
  for (const text of await messages.allInnerTexts()) expect(text).toContain("ana.lopez@mail.example");
  await expect(page.getByLabel("Search by name, email or subject")).toHaveValue("ana.lopez");
  await page.getByLabel("Search by name, email or subject").fill("nobody-has-this-100%");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No emails match “nobody-has-this-100%”.")).toBeVisible();
});

test("HR copies, sends again and withdraws one invitation from the position page", async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await signIn(page, HR);
  const email = await invite(page, "Wren Again");
  const row = () => page.locator("tr", { hasText: email });
  await row().getByRole("button", { name: "Copy Wren Again's link" }).click();
  await expect(row().getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("/take/");
  await row().getByRole("button", { name: "Send again" }).click();
  await expect(page.getByText("Sent again: the email is in the outbox, with the same link.")).toBeVisible();

  // A withdrawal needs a reason; refused, it stays open on its row with what was typed.
  const other = await invite(page, "Walt Withdrawn");
  const walt = page.locator("tr", { hasText: other });
  await walt.getByText("Withdraw", { exact: true }).click();
  await walt.getByLabel("Why (kept in the audit log)").fill("   ");
  await walt.getByRole("button", { name: "Withdraw the invitation" }).click();
  await expect(walt.getByText("Say why the invitation is withdrawn")).toBeVisible();
  await expect(walt.getByLabel("Why (kept in the audit log)")).toBeFocused();
  await walt.getByLabel("Why (kept in the audit log)").fill("Applied to the wrong position.");
  await walt.getByRole("button", { name: "Withdraw the invitation" }).click();
  await expect(page.getByText(/^Invitation withdrawn\./)).toBeVisible();
  await expect(walt.locator(".state")).toHaveText("Withdrawn");
  await expect(walt.getByRole("button", { name: /Copy|Send again/ })).toHaveCount(0);
  await page.goto("/admin/audit?q=Walt+Withdrawn");
  await expect(page.locator("main")).toContainText("Applied to the wrong position.");
  await context.close();
});

test("the organisation's settings refuse a blank name next to the field and keep the time zone", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organisation" }).click();
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
  await page.getByLabel("Name").fill("   ");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter the organisation's name")).toBeVisible();
  await expect(page.getByLabel("Name")).toBeFocused();
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
  await expect(page).toHaveURL(/\/admin\/organisation$/);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true });
  test("the position page's invitations and their actions fit", async ({ page }) => {
    await signIn(page, HR);
    await positionPage(page);
    await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
    await fitsWidth(page);
  });
});
