import { expect, Page } from "@playwright/test";

export const PASSWORD = "demo-lantern-harbour";
export const ADMIN = "admin@sunrise.example";
export const HR = "hr@sunrise.example";
export const TRAINER = "trainer@sunrise.example";

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
