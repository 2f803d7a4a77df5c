import { test, expect, signIn, fitsWidth, HR, chartTextReadable } from "./helpers";

const ANALYST = "analyst@sunrise.example";

test("HR with the analyst role reads the funnel, the validity table and the adverse-impact tables of the demo organisation", async ({ page }) => {
  await signIn(page, ANALYST);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Analytics");

  // The funnel: everyone invited across the demo's positions, then each position.
  await expect(page.getByRole("heading", { name: "Hiring funnel" })).toBeVisible();
  const funnel = page.getByRole("table", { name: "All positions" });
  await expect(funnel.getByRole("row", { name: /^Invited/ })).toBeVisible();
  await expect(funnel.getByRole("row", { name: /^Stayed after the Offer/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Hiring funnel: All positions/ })).toBeVisible();

  // Validity, with the small-sample warning the demo's one finished cohort deserves.
  const validity = page.getByRole("table", { name: "Correlation of screening scores with training and staying" });
  await expect(validity.getByRole("row", { name: /^Screening total/ })).toBeVisible();
  await expect(page.getByText(/Fewer than 30 people have both figures/)).toBeVisible();
  await expect(page.getByRole("img", { name: /Screening total against final training grade/ })).toBeVisible();

  // Adverse impact: groups, rates and ratios, never people.
  const impact = page.getByRole("table", { name: "Gender: Hired" });
  await expect(impact.getByRole("columnheader", { name: "Impact ratio" })).toBeVisible();
  await expect(page.locator("#fairness")).not.toContainText("Ana López");

  // Items and scales for the screening versions taken, named by their words.
  await expect(page.getByRole("heading", { name: /Culture.*version 1/ })).toBeVisible();
  await expect(page.locator("#items")).toContainText("You are on the phone with Marisol Ortega");
  await expect(page.locator("#items")).not.toContainText("What would you do?");
  await expect(page.locator("#items").getByRole("rowheader", { name: "Deliver delight through service" }).first()).toBeVisible();
  // The table of contents is still at hand at the bottom of the long page.
  await page.locator("#items").getByRole("table").last().scrollIntoViewIfNeeded();
  const toc = await page.getByRole("navigation", { name: "Sections of this page" }).boundingBox();
  expect(toc!.y).toBeGreaterThanOrEqual(0);
  expect(toc!.y).toBeLessThan(10);
  await page.getByRole("navigation", { name: "Sections of this page" }).getByRole("link", { name: "Funnel" }).click();
  await expect(page.getByRole("heading", { name: "Hiring funnel" })).toBeInViewport();
  await chartTextReadable(page);

  // Filtering by position keeps the page's shape.
  await page.getByLabel("Position", { exact: true }).selectOption({ label: "Customer Loyalty Team" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("table", { name: "Customer Loyalty Team", exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "All positions" })).toHaveCount(0);
  // The demo's other positions hold only a few self-identified people: subtracting this view
  // from the whole organisation's could single them out, so its group figures are withheld.
  await expect(page.locator("#fairness")).toContainText("Group figures are not shown for this view");
  await expect(page.locator("#fairness")).toContainText("whole months");
});

test("the analytics page fits a phone, and HR without the analyst role cannot open it", async ({ browser }) => {
  const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })).newPage();
  await signIn(phone, ANALYST);
  await phone.goto("/analytics");
  await expect(phone.getByRole("heading", { name: "Adverse impact" })).toBeVisible();
  await fitsWidth(phone);
  await chartTextReadable(phone);

  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, HR);
  await expect(hr.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" })).toHaveCount(0);
  const res = await hr.goto("/analytics");
  expect(res?.status()).toBe(403);
  await expect(hr.getByRole("heading", { name: "Not available to you" })).toBeVisible();
});
