import { test, expect } from "@playwright/test";
import { signIn, HR, TRAINER, fitsWidth } from "./helpers";

test("HR grades a written reply blind, reads the ranked results and the report, and hires; the candidate sees it", async ({ page, browser }) => {
  await signIn(page, HR);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Grading" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grading");
  // Oldest first: the demo candidate's reply, shown without her name.
  await page.locator("ul.queue a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Reply [0-9A-F]{6}$/);
  await expect(page.getByText("The candidate replied")).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Grace");
  // Saving with a criterion left out is refused in place.
  const rubrics = page.locator("fieldset.rubric");
  await expect(rubrics).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    await rubrics.nth(i).locator("input[type=radio]").nth(3).check();
  }
  await page.getByLabel("Comment for the hiring team").fill("Specific, warm and accurate.");
  await page.getByRole("button", { name: "Save grade" }).click();
  await expect(page.getByText("Grade saved. Thank you.")).toBeVisible();
  // The position asks for two graders: HR's grade alone is not a result yet. Tom, whom HR named
  // a grader of this position, gives the second.
  const tom = await (await browser.newContext()).newPage();
  await signIn(tom, TRAINER);
  await tom.goto("/grading");
  await tom.locator("ul.queue a").first().click();
  await expect(tom.getByText("Another grader has graded this reply")).toBeVisible();
  const tomRubrics = tom.locator("fieldset.rubric");
  for (let i = 0; i < 4; i++) {
    await tomRubrics.nth(i).locator("input[type=radio]").nth(3).check();
  }
  await tom.getByRole("button", { name: "Save grade" }).click();
  await expect(tom.getByText("Grade saved. Thank you.")).toBeVisible();

  await page.goto("/positions");
  await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
  await page.getByRole("link", { name: "Ranked results and decisions" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results");
  const rows = page.locator("table.results tbody tr");
  expect(await rows.count()).toBeGreaterThanOrEqual(7);
  // Highest total first; sorting by name works with the keyboard-reachable header links.
  const totals = await page.locator("table.results tbody td[data-label=Total]").allInnerTexts();
  const numbers = totals.filter((t) => t !== "—").map(Number);
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
  await page.getByRole("link", { name: "Candidate", exact: true }).click();
  await expect(page.locator("th[aria-sort=ascending]")).toContainText("Candidate");
  // Filter to those who failed the culture gate: Liam, whose skills are the best.
  await page.getByLabel("Gates", { exact: true }).selectOption("failed-attitude");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(rows.filter({ hasText: "Liam O'Connor" })).toHaveCount(1);
  await page.getByLabel("Gates", { exact: true }).selectOption("");
  await page.getByRole("button", { name: "Filter" }).click();

  await page.getByRole("link", { name: "Grace Mensah" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grace Mensah");
  await expect(page.getByRole("heading", { name: "Result: Passed" })).toBeVisible();
  const chart = page.getByRole("img", { name: /Score per company value/ });
  await expect(chart).toBeVisible();
  await page.getByText("The same figures as a table").click();
  await expect(page.locator("figure.chart table tbody tr")).toHaveCount(10);
  await expect(page.getByRole("heading", { name: "Typing" })).toBeVisible();
  await expect(page.getByText(/from Daniel Reyes/)).toBeVisible();
  await page.getByLabel("Hire").check();
  await page.getByLabel("Why").fill("Passed both gates comfortably; graded reply was excellent.");
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByText("Decision recorded.")).toBeVisible();
  await expect(page.locator("ol.history li").first()).toContainText("Hire · Daniel Reyes");

  // Grace opens her own link and sees where she stands.
  await page.goto("/outbox");
  const link = await page.locator("li.panel", { hasText: "grace.mensah@mail.example" }).filter({ hasText: "Your screening for" }).getByRole("textbox").inputValue();
  const candidate = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await candidate.goto(link);
  await expect(candidate.getByRole("heading", { name: "Good news" })).toBeVisible();
  await fitsWidth(candidate);
});

test("the results table and report fit a phone", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })).newPage();
  await signIn(page, HR);
  await page.goto("/positions");
  await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
  await page.getByRole("link", { name: "Ranked results and decisions" }).click();
  await fitsWidth(page);
  await page.getByRole("link", { name: "Ana López" }).click();
  await expect(page.getByRole("img", { name: /Score per company value/ })).toBeVisible();
  await fitsWidth(page);
});
