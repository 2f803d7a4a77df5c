import { test, expect, ADMIN, HR, TRAINER, PASSWORD, signIn, fitsWidth } from "./helpers";

test("each role signs in and sees its own dashboard", async ({ browser }) => {
  const cases = [
    { email: ADMIN, greeting: "Hello, Maya", sees: "Staff", hidden: "Hiring" },
    { email: HR, greeting: "Hello, Daniel", sees: "Hiring", hidden: "Staff" },
    { email: TRAINER, greeting: "Hello, Tom", sees: "Training", hidden: "Hiring" },
  ];
  for (const c of cases) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, c.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.greeting);
    await expect(page.getByRole("heading", { level: 2, name: c.sees })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: c.hidden })).toHaveCount(0);
    await context.close();
  }
});

test("the sign-in form is interactive once hydrated and shows errors in place", async ({ page }) => {
  await page.goto("/sign-in");
  const password = page.getByLabel("Password", { exact: true });
  const show = page.getByRole("button", { name: "Show" });
  await expect(show).toBeVisible(); // only shown once the island is hydrated
  await password.fill("secret words");
  await expect(password).toHaveAttribute("type", "password");
  await show.click();
  await expect(password).toHaveAttribute("type", "text");
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(password).toHaveAttribute("type", "password");

  await page.getByLabel("Email").fill(HR);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match an account");
  expect(page.url()).not.toContain("__err"); // answered in place, without a page load
  await expect(page.getByLabel("Email")).toHaveValue(HR);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-in form still works", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("button", { name: "Show" })).toBeHidden();
    await page.getByLabel("Email").fill(TRAINER);
    await page.getByLabel("Password", { exact: true }).fill("wrong password here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("do not match an account");
    await page.getByLabel("Email").fill("not an email");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Email").evaluate((e) => e.removeAttribute("type"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#email-error")).toContainText("Enter an email address");
    await page.getByLabel("Email").fill(TRAINER);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello, Tom");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You have signed out.")).toBeVisible();
  });
});

test("signing in sends you back where you were going", async ({ page }) => {
  await page.goto("/admin/audit");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(ADMIN);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
});

test("an admin adds a trainer who sets a password from the link", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
  await page.getByText("Add a person").click();
  const stamp = Date.now();
  await page.getByLabel("Name").fill("Rosa Lindqvist");
  await page.getByLabel("Email").fill(`rosa.${stamp}@sunrise.example`);
  await page.getByLabel(/^Trainer/).check();
  await page.getByRole("button", { name: "Add person" }).click();
  const link = await page.getByRole("textbox", { name: "Set-password link" }).inputValue();
  expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);

  const rosa = await (await browser.newContext()).newPage();
  await rosa.goto(link);
  await expect(rosa.getByRole("heading", { level: 1 })).toHaveText("Welcome, Rosa Lindqvist");
  // Long enough for the browser's own check, but the server knows it is common.
  await rosa.getByLabel("New password").fill("password1234");
  await rosa.getByLabel("Type it again").fill("password1234");
  await rosa.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(rosa.locator("#password-error")).toContainText("too common");
  await expect(rosa.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");
  await rosa.getByLabel("New password").fill("marble fox under lantern");
  await rosa.getByLabel("Type it again").fill("marble fox under lantern");
  await rosa.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(rosa.getByRole("heading", { level: 1 })).toHaveText("Hello, Rosa");
  await expect(rosa.getByRole("heading", { level: 2, name: "Training" })).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("sign-in and the dashboard fit a 360 px screen", async ({ page }) => {
    await page.goto("/sign-in");
    await fitsWidth(page);
    await signIn(page, HR);
    await fitsWidth(page);
  });
});

test("keyboard users can skip to the content and see where focus is", async ({ page }) => {
  await signIn(page, HR);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const outline = await skip.evaluate((e) => getComputedStyle(e).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("an unknown address shows the 404 page", async ({ page }) => {
  const res = await page.goto("/nowhere/at/all");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});
