import { Browser, expect, Page } from "@playwright/test";

export const PASSWORD = "demo-lantern-harbour";
export const ADMIN = "admin@sunrise.example";
export const HR = "hr@sunrise.example";
export const TRAINER = "trainer@sunrise.example";
export const TRAINEE = "carmen.ortiz@mail.example";

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hello");
}

/** The page does not scroll sideways: everything fits the viewport's width. */
export async function fitsWidth(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** HR invites one candidate to the demo position; returns their link, copied from the outbox. */
export async function inviteCandidate(browser: Browser, name: string, extra = "Standard time"): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, HR);
  await page.goto("/positions");
  await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${Date.now()}@mail.example`;
  await page.getByLabel("Candidates, one per line").fill(`${name} <${email}>`);
  await page.getByLabel("Time", { exact: true }).selectOption({ label: extra });
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText("Invited 1.")).toBeVisible();
  await page.goto("/outbox");
  const message = page.locator("li.panel", { hasText: email });
  const link = await message.getByRole("textbox").inputValue();
  await context.close();
  return link;
}
