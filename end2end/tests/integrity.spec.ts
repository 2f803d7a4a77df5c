import { Page } from "@playwright/test";
import { test, expect, inviteCandidate, signIn, HR } from "./helpers";

// Integrity signals as a candidate makes them (a paste in the typing test, a switch to another
// tab) and as HR reads them: next to the decision, as information.

async function begin(page: Page, link: string) {
  await page.goto(link);
  await expect(page.getByText("never as a verdict")).toBeVisible();
  await page.getByLabel(/I have read how my answers are used/).check();
  await page.getByRole("button", { name: "Start the screening" }).click();
  await expect(page.getByText("Section 1 of 5")).toBeVisible();
}

async function skip(page: Page, n: number) {
  await expect(page.getByText(`Section ${n} of 5`)).toBeVisible();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("button", { name: "Continue without answering" }).click();
  await expect(page.getByText(`Section ${n + 1} of 5`)).toBeVisible();
}

test("a paste in the typing test is refused and recorded, a switch of tabs shows up, and HR sees both before deciding", async ({
  page,
  context,
  browser,
}) => {
  const link = await inviteCandidate(browser, "Pia Paster");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await begin(page, link);
  await skip(page, 1);
  await skip(page, 2);
  await page.getByRole("button", { name: "Start the typing test" }).click();
  const box = page.getByLabel("Type the passage here");
  await expect(box).toBeFocused();
  const passage = (await page.locator("blockquote.passage").innerText()).trim();
  // The candidate copies the passage and pastes it with the keyboard.
  await page.evaluate((text) => navigator.clipboard.writeText(text), passage);
  await page.keyboard.press("ControlOrMeta+V");
  await expect(page.getByText("Pasting is turned off for the typing test")).toBeVisible();
  await expect(box).toHaveValue("");
  await box.pressSequentially("Hi Jordan, thanks", { delay: 20 });

  // The candidate switches to another tab for a while, then comes back. Headless Chromium never
  // hides a page (not for another tab, not for a minimised window), so the document is told
  // what the browser tells it on a real switch: visibilityState "hidden", then "visible".
  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((s) => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => s });
      Object.defineProperty(document, "hidden", { configurable: true, get: () => s === "hidden" });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);
  await setVisibility("hidden");
  await page.waitForTimeout(1_500);
  await setVisibility("visible");
  await page.getByRole("button", { name: "I have finished typing" }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await skip(page, 4);
  await page.getByLabel("Your reply").fill("Hello Dana, a new pair ships today.");
  await page.getByRole("button", { name: "Finish and review" }).click();
  await expect(page.getByRole("heading", { name: "Ready to submit?" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Submit my answers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Thank you");

  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, HR);
  await hr.goto("/positions");
  await hr.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
  await hr.getByRole("link", { name: "Ranked results and decisions" }).click();
  await hr.getByRole("link", { name: "Pia Paster", exact: true }).click();
  const signals = hr.locator("section", { has: hr.getByRole("heading", { name: /How the screening was taken/ }) });
  // She also clicked through four sections in seconds, which most candidates take minutes over.
  await expect(signals).toContainText("Many signals");
  await expect(signals).toContainText("1 attempt to paste into the typing test (refused).");
  await expect(signals).toContainText(/Left the page\s*1 time, [12] s in all/);
  await expect(signals).toContainText("Much faster than most");
  await expect(signals).not.toContainText("More than one device");
  await expect(signals).toContainText("nothing here rejects anyone");
  // Right before the decision, so it is read before deciding.
  const order = await hr.evaluate(() => {
    const headings = Array.from(document.querySelectorAll("h2")).map((h) => h.textContent ?? "");
    return [headings.findIndex((h) => h.startsWith("How the screening was taken")), headings.findIndex((h) => h === "Decision")];
  });
  expect(order[0]).toBeGreaterThanOrEqual(0);
  expect(order[1]).toBe(order[0] + 1);
});
