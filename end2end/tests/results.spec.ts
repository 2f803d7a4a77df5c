import { test, expect, signIn, HR, TRAINER, fitsWidth, chartTextReadable } from "./helpers";

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
  // The reply and the rubric sit side by side on a laptop.
  const reply = await page.getByRole("region", { name: "The reply" }).boundingBox();
  const rubric = await page.getByRole("heading", { name: "Rubric" }).boundingBox();
  expect(rubric!.x).toBeGreaterThan(reply!.x + reply!.width - 1);
  // Graded from the keyboard: 4 on each criterion moves on to the next, then to the comment.
  await expect(page.getByText("press 1 to 5")).toBeVisible();
  await rubrics.nth(0).locator("input[type=radio]").first().focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("4");
  for (let i = 0; i < 4; i++) await expect(rubrics.nth(i).locator("input[value='4']")).toBeChecked();
  await expect(page.getByLabel("Comment for the hiring team")).toBeFocused();
  await page.keyboard.type("Specific, warm and accurate.");
  await page.getByRole("button", { name: "Save and next" }).click();
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
  await tom.getByRole("button", { name: "Save and back to the queue" }).click();
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
  await expect(page.locator("figure.chart details table tbody tr")).toHaveCount(10);
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
  // The figures come first on a phone, as a table; the chart's words stay readable.
  const figures = page.getByRole("table", { name: "Score per company value, 1 to 5" });
  await expect(figures).toBeVisible();
  const [table, chart] = [await figures.boundingBox(), await page.getByRole("img", { name: /Score per company value/ }).boundingBox()];
  expect(table!.y).toBeLessThan(chart!.y);
  await chartTextReadable(page);
});

test("the report's values chart shows every value's whole name on a laptop", async ({ page }) => {
  await signIn(page, HR);
  await page.goto("/positions");
  await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
  await page.getByRole("link", { name: "Ranked results and decisions" }).click();
  await page.getByRole("link", { name: "Ana López" }).click();
  await expect(page.getByRole("img", { name: /Score per company value/ })).toBeVisible();
  await expect(page.locator(".bar-label", { hasText: "Be adventurous, creative and open-minded" })).toBeVisible();
  await chartTextReadable(page);
});
