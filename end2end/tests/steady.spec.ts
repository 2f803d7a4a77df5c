import { Page } from "@playwright/test";
import { test, expect, signIn, HR, begin, skip, inviteCandidate } from "./helpers";

// What appears when a page's script arrives (a keyboard hint, a Copy or Show button, a file
// picker, the typing test's Start button) must not move what is already there: a user who
// clicks as it lands would hit the wrong thing. A grader choosing level 4 while the rubric slid
// down one line chose another level (a CI run of issue 16). The script is held back, as on
// a slow connection, and Chromium's own layout-shift record must stay empty.

async function holdScript(page: Page) {
  await page.addInitScript(() => {
    (window as any).__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) {
        const what = (e.sources ?? []).map((s: any) => {
          const n = s.node as Element | null;
          return n ? `${n.nodeName.toLowerCase()}${n.id ? "#" + n.id : ""}${n.className ? "." + String(n.className).split(" ").join(".") : ""}` : "?";
        });
        (window as any).__shifts.push({ value: e.value, recent: e.hadRecentInput, what });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.route("**/pkg/**", async (route) => {
    await new Promise((r) => setTimeout(r, 1200));
    await route.continue();
  });
}

/** Opens the page, waits until its script has come and every island has run, and asserts that
 * nothing on it moved meanwhile. */
async function staysPut(page: Page, url: string, ready: () => Promise<void>) {
  await page.goto(url);
  await ready();
  await page.waitForLoadState("networkidle");
  const shifts = await page.evaluate(() => (window as any).__shifts as { value: number; recent: boolean; what: string[] }[]);
  expect(shifts.filter((s) => !s.recent), `layout shifts on ${url}`).toEqual([]);
}

test("nothing on a staff page moves when its script arrives", async ({ page }) => {
  await signIn(page, HR);
  await holdScript(page);
  await page.goto("/grading");
  const reply = await page.locator("ul.queue a").first().getAttribute("href");
  await staysPut(page, reply!, () => expect(page.getByText("press 1 to 5")).toBeVisible());
  await staysPut(page, "/outbox", () => expect(page.getByRole("button", { name: "Copy link" }).first()).toBeVisible());
  await page.goto("/positions");
  const position = await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).getAttribute("href");
  await staysPut(page, position!, () => expect(page.getByLabel("Or choose a CSV file (name and email columns)")).toBeVisible());
});

test("the sign-in page and the typing test stay put when their script arrives", async ({ page, browser }) => {
  const link = await inviteCandidate(browser, "Steady Hands");
  await holdScript(page);
  await staysPut(page, "/sign-in", () => expect(page.getByRole("button", { name: "Show" })).toBeVisible());
  await begin(page, link);
  await skip(page, 1);
  await skip(page, 2);
  await expect(page.getByText("Section 3 of 5")).toBeVisible();
  await staysPut(page, page.url(), () => expect(page.getByRole("button", { name: "Start the typing test" })).toBeVisible());
});
