import { Browser, expect, Page, test as base } from "@playwright/test";
import { expectAccessible } from "./a11y";

/** Every test ends with axe over the page it leaves open (refused forms, previews, answers
 * included); a11y.spec visits every page each role can reach. */
export const test = base.extend<{ axeAfterEach: void }>({
  axeAfterEach: [
    async ({ page, javaScriptEnabled }, use) => {
      await use();
      // axe runs as a script in the page, which a test without JavaScript has turned off.
      if (javaScriptEnabled !== false && !page.isClosed() && page.url().startsWith("http")) {
        await expectAccessible(page);
      }
    },
    { auto: true },
  ],
});
export { expect };

export const PASSWORD = "demo-lantern-harbour";
export const ADMIN = "admin@sunrise.example";
export const HR = "hr@sunrise.example";
export const TRAINER = "trainer@sunrise.example";
export const ANALYST = "analyst@sunrise.example";
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

/** HR invites one candidate to a position (the demo's, unless named); returns their link,
 * copied from the outbox. */
export async function inviteCandidate(browser: Browser, name: string, extra = "Standard time", position = "Customer Loyalty Team"): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, HR);
  await page.goto("/positions");
  await page.getByRole("link", { name: position, exact: true }).click();
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

/** No chart text on the page renders smaller than 11 px, and no bar label is cut off. */
export async function chartTextReadable(page: Page) {
  const sizes = await page.evaluate(() => {
    const out: { text: string; px: number; cut: boolean }[] = [];
    for (const el of Array.from(document.querySelectorAll(".chart .bar-label, .chart .bar-value, .chart .bar-axis span"))) {
      const e = el as HTMLElement;
      if (e.offsetParent === null) continue;
      out.push({ text: e.textContent ?? "", px: parseFloat(getComputedStyle(e).fontSize), cut: e.scrollWidth > e.clientWidth + 1 });
    }
    for (const svg of Array.from(document.querySelectorAll(".chart svg")) as SVGSVGElement[]) {
      const rect = svg.getBoundingClientRect();
      if (rect.width === 0) continue;
      const scale = rect.width / svg.viewBox.baseVal.width;
      for (const t of Array.from(svg.querySelectorAll("text"))) {
        out.push({ text: t.textContent ?? "", px: parseFloat(getComputedStyle(t).fontSize) * scale, cut: false });
      }
    }
    return out;
  });
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.filter((s) => s.px < 11), "chart text under 11 px").toEqual([]);
  expect(sizes.filter((s) => s.cut), "chart labels cut off").toEqual([]);
}

// A candidate's way through the demo screening: its five sections, the reply last.

export async function begin(page: Page, link: string) {
  await page.goto(link);
  await page.getByLabel(/I have read how my answers are used/).check();
  await page.getByRole("button", { name: "Start the screening" }).click();
  await expect(page.getByText("Section 1 of 5")).toBeVisible();
}

/** Leaves section `n` with whatever is answered, choosing to continue past the blank ones. */
export async function skip(page: Page, n: number) {
  await expect(page.getByText(`Section ${n} of 5`)).toBeVisible();
  await page.getByRole("button", { name: n === 5 ? "Finish and review" : "Save and continue" }).click();
  await page.getByRole("button", { name: "Continue without answering" }).click();
  if (n < 5) await expect(page.getByText(`Section ${n + 1} of 5`)).toBeVisible();
}

export async function toTheReply(page: Page, link: string) {
  await begin(page, link);
  for (let n = 1; n <= 4; n++) await skip(page, n);
  await expect(page.getByText("Section 5 of 5")).toBeVisible();
}

export async function submit(page: Page) {
  await expect(page.getByRole("heading", { name: "Ready to submit?" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Submit my answers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Thank you");
}

