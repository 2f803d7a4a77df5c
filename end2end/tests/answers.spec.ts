import { Page, Browser } from "@playwright/test";
import { test, expect, inviteCandidate, fitsWidth, signIn, HR, begin, skip, toTheReply, submit } from "./helpers";

// Written the way a hurried candidate acts: nobody here waits for "All answers saved." before
// pressing the button, and every reply must reach HR's report whole.

const REPLY =
  "Hi Dana, I am so sorry the sole came away on the trail. A new pair ships today by express and arrives on Wednesday; keep the old pair. Sam";

/** HR opens the candidate's report; returns the page (in its own context) for assertions. */
async function report(browser: Browser, name: string): Promise<Page> {
  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, HR);
  await hr.goto("/positions");
  await hr.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
  await hr.getByRole("link", { name: "Ranked results and decisions" }).click();
  await hr.getByRole("link", { name, exact: true }).click();
  await expect(hr.getByRole("heading", { name: "Written reply" })).toBeVisible();
  return hr;
}

/** Types the reply and leaves at once, the way `leave` presses on; then HR reads the report. */
async function hurriedReply(page: Page, browser: Browser, name: string, leave: (page: Page) => Promise<void>) {
  const link = await inviteCandidate(browser, name);
  await toTheReply(page, link);
  await page.getByLabel("Your reply").pressSequentially(REPLY, { delay: 5 });
  await leave(page);
  await expect(page.getByRole("heading", { name: "Ready to submit?" })).toBeVisible();
  await expect(page.locator("table.review tbody tr").nth(4).getByRole("cell").nth(0)).toHaveText("1 of 1");
  await submit(page);
  const hr = await report(browser, name);
  await expect(hr.locator(".reply")).toHaveText(REPLY);
}

test("a reply typed and finished at once, by mouse, reaches HR whole", async ({ page, browser }) => {
  await hurriedReply(page, browser, "Mara Mouse", (p) => p.getByRole("button", { name: "Finish and review" }).click());
});

test("a reply typed and finished at once, by Tab then Enter, reaches HR whole", async ({ page, browser }) => {
  await hurriedReply(page, browser, "Kofi Keys", async (p) => {
    await p.keyboard.press("Tab");
    await expect(p.getByRole("button", { name: "Finish and review" })).toBeFocused();
    await p.keyboard.press("Enter");
  });
});

test("the typing test keeps the last keystrokes when finished and left at once", async ({ page, browser }) => {
  const link = await inviteCandidate(browser, "Tess Typist");
  await begin(page, link);
  await skip(page, 1);
  await skip(page, 2);
  await expect(page.getByText("Section 3 of 5")).toBeVisible();
  await page.getByRole("button", { name: "Start the typing test" }).click();
  const box = page.getByLabel("Type the passage here");
  await expect(box).toBeFocused();
  const passage = (await page.locator("blockquote.passage").innerText()).trim();
  const typed = passage.slice(0, 120);
  await box.pressSequentially(typed, { delay: 10 });
  // The typing counts as an answer as soon as there is text.
  await expect(page.locator(".save-state")).toContainText("1 of 1 answered.");
  // From the box, Tab reaches "I have finished typing"; then straight on to the next section.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "I have finished typing" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await skip(page, 4);
  await page.getByLabel("Your reply").fill("Hello Dana.");
  await page.getByRole("button", { name: "Finish and review" }).click();
  await submit(page);
  const hr = await report(browser, "Tess Typist");
  await expect(hr.getByText(`${typed.length} characters over 2.0 minutes`)).toBeVisible();
});

test("closing the tab mid-reply loses nothing: the link opens the reply on another browser", async ({ page, browser }) => {
  const link = await inviteCandidate(browser, "Cleo Closer");
  await toTheReply(page, link);
  await page.getByLabel("Your reply").pressSequentially(REPLY, { delay: 5 });
  await page.close();

  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await other.getByRole("link", { name: "Continue where you left off" }).click();
  await expect(other.getByText("Section 5 of 5")).toBeVisible();
  await expect(other.getByLabel("Your reply")).toHaveValue(REPLY);
  await other.getByRole("button", { name: "Finish and review" }).click();
  await submit(other);
  const hr = await report(browser, "Cleo Closer");
  await expect(hr.locator(".reply")).toHaveText(REPLY);
});

test("on slow 3G, a reply typed while the page loads and finished at once reaches HR whole", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const link = await inviteCandidate(browser, "Sid Slow");
  await begin(page, link);
  for (let n = 1; n <= 3; n++) await skip(page, n);
  // DevTools' "Slow 3G": 2 s round trips, 500 kbit/s.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 2000,
    downloadThroughput: 62_500,
    uploadThroughput: 62_500,
  });
  await expect(page.getByText("Section 4 of 5")).toBeVisible();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("button", { name: "Continue without answering" }).click();
  await expect(page.getByText("Section 5 of 5")).toBeVisible({ timeout: 60_000 });
  await page.getByLabel("Your reply").pressSequentially(REPLY, { delay: 5 });
  await page.getByRole("button", { name: "Finish and review" }).click();
  await expect(page.getByRole("heading", { name: "Ready to submit?" })).toBeVisible({ timeout: 90_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await submit(page);
  const hr = await report(browser, "Sid Slow");
  await expect(hr.locator(".reply")).toHaveText(REPLY);
});

test("leaving a section with a blank question shows it and leads back; the review lists the rest", async ({ page, browser }) => {
  const link = await inviteCandidate(browser, "Bea Blank");
  await begin(page, link);
  const items = page.locator("fieldset.likert");
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    if (i !== 6) await items.nth(i).getByLabel("Agree", { exact: true }).check();
  }
  await page.getByRole("button", { name: "Save and continue" }).click();
  // The section stays open and says which question is blank.
  await expect(page.getByRole("heading", { name: "1 question is not answered yet" })).toBeVisible();
  await expect(page.getByText("You have not answered question 7.")).toBeVisible();
  await expect(page.getByText("Section 1 of 5")).toBeVisible();
  await page.getByRole("link", { name: "Go back to it" }).click();
  await expect(items.nth(6).getByRole("radio").first()).toBeFocused();
  await items.nth(6).getByLabel("Disagree", { exact: true }).check();
  await expect(page.getByRole("heading", { name: "Every question is answered" })).toBeVisible();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByText("Section 2 of 5")).toBeVisible();
  for (let s = 2; s <= 5; s++) await skip(page, s);

  // The review names what is blank, section by section, and leads back where it still can.
  await expect(page.getByRole("heading", { name: "Ready to submit?" })).toBeVisible();
  const first = page.getByRole("row", { name: /How you like to work/ });
  await expect(first.getByRole("cell").nth(1)).toHaveText("None");
  const scenarios = page.locator("table.review tbody tr").nth(1);
  await expect(scenarios.getByRole("button", { name: "Question 1", exact: true })).toBeVisible();
  await scenarios.getByRole("button", { name: "Question 3", exact: true }).click();
  await expect(page.getByText("Section 2 of 5")).toBeVisible();
  await expect(page).toHaveURL(/#item-2$/);
  await page.locator("#item-2 input").first().check();
  await expect(page.locator(".save-state")).toContainText("1 of 13 answered.");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("button", { name: "Continue without answering" }).click();
  // Back to the review, one fewer blank.
  await expect(page.getByRole("heading", { name: "Ready to submit?" })).toBeVisible();
  await expect(page.locator("table.review tbody tr").nth(1).getByRole("cell").nth(0)).toHaveText("1 of 13");
  await expect(page.getByText("You have answered 21 of 45 questions.")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("the offline state is in view while the last question of a long section has focus", async ({ page, browser }) => {
    const link = await inviteCandidate(browser, "Pia Phone");
    await begin(page, link);
    await page.route("**/api/take/save", (route) => route.abort("internetdisconnected"));
    const items = page.locator("fieldset.likert");
    const n = await items.count();
    for (let i = 0; i < n; i++) await items.nth(i).getByLabel("Agree", { exact: true }).check();
    const last = items.nth(n - 1).getByLabel("Agree", { exact: true });
    await expect(last).toBeFocused();
    const offline = page.getByText(/You are offline or the server cannot be reached/);
    await expect(offline).toBeInViewport();
    await expect(page.getByRole("button", { name: "Save and continue" })).toBeInViewport();
    await expect(page.locator(".save-state")).not.toContainText("All answers saved.");
    await fitsWidth(page);
    // The connection returns: the queued answers are saved, and only then is it said.
    await page.unroute("**/api/take/save");
    await expect(page.locator(".save-state")).toContainText(`${n} of ${n} answered. All answers saved.`, { timeout: 15_000 });
    await expect(offline).toBeHidden();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("blank questions are listed before a section closes, and the reply reaches HR whole", async ({ page, browser }) => {
    const link = await inviteCandidate(browser, "Nico Nojs");
    await begin(page, link);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("heading", { name: "20 questions are not answered yet" })).toBeVisible();
    await expect(page.getByText("Section 1 of 5")).toBeVisible();
    await page.getByRole("button", { name: "Continue without answering" }).click();
    for (let n = 2; n <= 4; n++) {
      await expect(page.getByText(`Section ${n} of 5`)).toBeVisible();
      await page.getByRole("button", { name: "Save and continue" }).click();
      await page.getByRole("button", { name: "Continue without answering" }).click();
    }
    await expect(page.getByText("Section 5 of 5")).toBeVisible();
    await page.getByLabel("Your reply").fill(REPLY);
    await page.getByRole("button", { name: "Finish and review" }).click();
    await submit(page);
    const hr = await report(browser, "Nico Nojs");
    await expect(hr.locator(".reply")).toHaveText(REPLY);
  });
});
