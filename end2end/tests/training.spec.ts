import { test, expect, signIn, HR, TRAINER, TRAINEE, fitsWidth } from "./helpers";

test("a trainer grades the week with the keyboard; each cell is saved as entered", async ({ page, browser }) => {
  await signIn(page, TRAINER);
  // The grid's script arrives late, as on a slow connection: the trainer's first choice is made
  // before it runs, and must be saved all the same.
  await page.route("**/pkg/**", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByRole("link", { name: "Grade week 3" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Week 3: On the phone");
  const ownership = (row: number) => page.locator(`#g-${row}-1`);
  await ownership(0).focus();
  await page.keyboard.press("4");
  await expect(ownership(0)).toHaveValue("4");
  await expect(page.getByText("All changes saved.")).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(ownership(1)).toBeFocused();
  await page.keyboard.press("3");
  await page.keyboard.press("Enter");
  await expect(ownership(2)).toBeFocused();
  await expect(page.getByText("All changes saved.")).toBeVisible();
  const firstName = await page.locator("#gr-0").innerText();
  await page.reload();
  await expect(ownership(0)).toHaveValue("4");
  await expect(ownership(1)).toHaveValue("3");
  // The change is in the trainee's history, with who made it.
  await page.getByRole("link", { name: "October cohort" }).click();
  await page.getByRole("link", { name: firstName.trim() }).click();
  await expect(page.locator("ol.history li").first()).toContainText("Week 3 · Ownership and problem solving: none → 4 · Tom Becker");
  // And in the audit log, under Training, with who saved it.
  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, HR);
  await hr.goto("/admin/audit?area=training");
  const entry = hr.locator("tr", { hasText: `${firstName.trim()}: Ownership and problem solving 4` }).first();
  await expect(entry).toContainText("Tom Becker");
  await expect(entry).toContainText("training.grades_saved");
});

test("the cohort page shows who needs attention, why, and the trend", async ({ page }) => {
  await signIn(page, TRAINER);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cohorts" }).click();
  await page.getByRole("link", { name: "October cohort" }).click();
  const hannah = page.locator("table.trainees tr", { hasText: "Hannah Schmidt" });
  await expect(hannah.locator(".status-tag")).toHaveText("At risk");
  await expect(hannah).toContainText("Week scores fell two weeks running (5.0 → 4.0 → 3.0)");
  await expect(hannah.getByRole("img", { name: /Week scores of Hannah Schmidt/ })).toBeVisible();
  await expect(page.locator("table.trainees tr", { hasText: "Priyanka Sharma" }).locator(".status-tag")).toHaveText("Failing");
  await expect(page.locator("table.trainees tr", { hasText: "Ben Carter" }).locator(".status-tag")).toHaveText("Left");
});

test("a trainee sees their own progress on a phone, and nobody else's", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })).newPage();
  await signIn(page, TRAINEE);
  await expect(page.getByRole("heading", { name: "Your training" })).toBeVisible();
  await page.getByRole("link", { name: "See your grades, attendance and the week ahead" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My training");
  await expect(page.getByRole("heading", { name: /Week 1: Who we are/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Week 2: Systems and tools/ })).toBeVisible();
  await expect(page.getByText("Week 3's grades appear here when your trainer closes the week.")).toBeVisible();
  await expect(page.getByText(/Trainer's note/).first()).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Hannah");
  await fitsWidth(page);
});

test("HR enrols a hired candidate, who gets a welcome email whose link only she sees", async ({ page }) => {
  await signIn(page, HR);
  await page.goto("/positions");
  await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
  await page.getByRole("link", { name: "Ranked results and decisions" }).click();
  const panel = page.getByRole("region", { name: /hired candidate/ });
  await expect(panel.getByLabel(/Ana López/)).toBeChecked();
  const january = await panel.locator("option", { hasText: "January cohort" }).innerText();
  await panel.getByLabel("Cohort").selectOption({ label: january });
  await panel.getByRole("button", { name: "Enrol" }).click();
  await expect(page.getByText(/Enrolled \d+ in training/)).toBeVisible();
  await page.goto("/outbox");
  const welcome = page.locator("li.panel", { hasText: "ana.lopez@mail.example" }).filter({ hasText: "Welcome to Sunrise Outfitters" });
  // The link is hers alone: HR sees that it went out, not the link, and can send a new one.
  await expect(welcome.getByText("only they receive")).toBeVisible();
  await expect(welcome.getByRole("textbox")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("/set-password/");
  await welcome.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByRole("status")).toContainText("the earlier one no longer works");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the week grid saves as one form", async ({ page }) => {
    await signIn(page, TRAINER);
    await page.goto("/cohorts");
    await page.getByRole("link", { name: "October cohort" }).click();
    await page.getByRole("link", { name: /Week 3: On the phone/ }).click();
    await page.locator("#g-3-1").selectOption("2");
    await page.getByRole("button", { name: "Save the week" }).click();
    await expect(page.getByText(/^Saved\. \d+ cells? changed\./)).toBeVisible();
    await expect(page.locator("#g-3-1")).toHaveValue("2");
  });
});
