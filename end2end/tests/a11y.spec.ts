import { Page } from "@playwright/test";
import { test, expect, signIn, ADMIN, HR, TRAINER, TRAINEE, ANALYST } from "./helpers";
import { expectAccessible } from "./a11y";

/** One address per kind of page: ids in the path stand for any id. */
function routeOf(path: string): string {
  return path
    .split("/")
    .map((s) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s) || /^\d+$/.test(s) ? ":id" : s))
    .join("/");
}

/** Visits every page reachable by links from the dashboard (one of each kind), reading only:
 * downloads, signing out and a candidate's screening (which starts its clock) are left alone. */
async function crawl(page: Page, start: string[]): Promise<string[]> {
  const queue = [...start];
  const seen = new Set<string>();
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < 60) {
    const url = queue.shift()!;
    const path = new URL(url, "http://x").pathname;
    if (seen.has(routeOf(path))) continue;
    seen.add(routeOf(path));
    await page.goto(url);
    await expectAccessible(page);
    visited.push(path);
    const links = await page.locator("a[href]:not([download])").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
    for (const href of links) {
      if (!href.startsWith("/") || href.startsWith("//")) continue;
      const p = href.split("#")[0].split("?")[0];
      if (p.endsWith(".csv") || p.startsWith("/api/") || p.startsWith("/pkg/") || p === "/sign-in") continue;
      if (p.startsWith("/take/") || p.startsWith("/set-password/")) continue;
      if (!seen.has(routeOf(p))) queue.push(href.split("#")[0]);
    }
  }
  return visited;
}

for (const [who, email, expected] of [
  ["an admin", ADMIN, ["/admin/staff", "/admin/organisation", "/admin/audit"]],
  ["HR", HR, ["/positions", "/outbox", "/grading", "/cohorts", "/offers", "/screenings", "/programmes"]],
  ["a trainer", TRAINER, ["/cohorts", "/grading"]],
  ["a trainee", TRAINEE, ["/my-training", "/offer"]],
  ["an analyst", ANALYST, ["/analytics"]],
] as const) {
  test(`every page ${who} can reach passes axe`, async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, email);
    const visited = await crawl(page, ["/"]);
    for (const path of expected) expect(visited).toContain(path);
  });
}

test("the sign-in page, a missing page and a candidate's invitation pass axe", async ({ page, browser }) => {
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.goto("/no-such-page");
  await expectAccessible(page);
  // A candidate's landing page, from a link in the outbox (opening it changes nothing).
  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, HR);
  await hr.goto("/outbox");
  const link = await hr.locator("li.panel").getByRole("textbox").first().inputValue();
  expect(link).toContain("/take/");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
});
