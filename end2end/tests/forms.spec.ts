import { Browser, Page } from "@playwright/test";
import { test, expect, signIn, HR, ADMIN } from "./helpers";

// A refused form keeps everything the person typed or chose, puts the message next to its
// field, moves focus there and leaves the address clean: with JavaScript and without.
// Every submission here is refused, so nothing in the shared demo changes.

async function staffPage(browser: Browser, email: string, js: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  if (js) {
    await signIn(page, email);
  } else {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("demo-lantern-harbour");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Hello");
  }
  return page;
}

async function expectCleanAddress(page: Page) {
  expect(page.url()).not.toContain("__err");
  expect(page.url()).not.toContain("__path");
}

for (const js of [true, false]) {
  const how = js ? "with JavaScript" : "without JavaScript";

  test(`a refused batch of invitations keeps the list and its extra time (${how})`, async ({ browser }) => {
    const page = await staffPage(browser, HR, js);
    await page.goto("/positions");
    await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
    const list = "Ana Ready <ana.ready@mail.example>\nBo Broken, bo-at-nowhere";
    await page.getByLabel("Candidates, one per line").fill(list);
    await page.getByLabel("Time", { exact: true }).selectOption({ label: "2× time" });
    await page.getByRole("button", { name: "Send invitations" }).click();

    const people = page.getByLabel("Candidates, one per line");
    await expect(page.locator("#people-error")).toContainText("Line 2: there is no email address");
    await expect(people).toHaveValue(list);
    await expect(page.getByLabel("Time", { exact: true })).toHaveValue("200");
    await expect(people).toBeFocused();
    await expect(people).toHaveAttribute("aria-invalid", "true");
    await expectCleanAddress(page);
    await page.context().close();
  });

  test(`a refused new position keeps every field (${how})`, async ({ browser }) => {
    const page = await staffPage(browser, HR, js);
    await page.goto("/positions");
    await page.getByText("Open a position").click();
    await page.getByLabel("Title").fill("   ");
    await page.getByLabel("Location").fill("Reno");
    await page.getByLabel("About the role (shown to candidates)").fill("Night shift on the phones.");
    await page.getByLabel("Minutes to finish once started").fill("90");
    await page.getByLabel("Days an invitation stays valid").fill("21");
    await page.getByRole("button", { name: "Open position" }).click();

    await expect(page.locator("#title-error")).toContainText("title");
    await expect(page.getByLabel("Title")).toBeFocused();
    await expect(page.getByLabel("Location")).toHaveValue("Reno");
    await expect(page.getByLabel("About the role (shown to candidates)")).toHaveValue("Night shift on the phones.");
    await expect(page.getByLabel("Minutes to finish once started")).toHaveValue("90");
    await expect(page.getByLabel("Days an invitation stays valid")).toHaveValue("21");
    await expectCleanAddress(page);
    await page.context().close();
  });

  test(`a refused hiring decision keeps the choice and the reason, in view (${how})`, async ({ browser }) => {
    const page = await staffPage(browser, HR, js);
    await page.goto("/positions");
    await page.getByRole("link", { name: "Customer Loyalty Team", exact: true }).click();
    await page.getByRole("link", { name: "Ranked results and decisions" }).click();
    await page.getByRole("link", { name: "Liam O'Connor" }).click();
    await page.getByLabel("Hire").check();
    const why = "Best typing in the round; I want him on the phones.";
    await page.getByLabel("Why", { exact: true }).fill(why);
    await page.getByRole("button", { name: "Record decision" }).click();

    await expect(page.getByText("This candidate has not passed the screening.")).toBeInViewport();
    await expect(page.getByLabel("Hire")).toBeChecked();
    await expect(page.getByLabel("Hire")).toBeFocused();
    await expect(page.getByLabel("Why", { exact: true })).toHaveValue(why);
    await expectCleanAddress(page);
    await page.context().close();
  });

  test(`a refused new cohort keeps its name, programme, date and trainers (${how})`, async ({ browser }) => {
    const page = await staffPage(browser, HR, js);
    await page.goto("/cohorts");
    await page.getByText("Create a cohort").click();
    await page.getByLabel("Name").fill("  ");
    await page.getByLabel("First training day").fill("2027-05-03");
    const trainer = page.locator("input[type=checkbox][name^=trainer]").first();
    await trainer.check();
    await page.getByRole("button", { name: "Create cohort" }).click();

    await expect(page.getByLabel("Name")).toBeFocused();
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("First training day")).toHaveValue("2027-05-03");
    await expect(page.locator("input[type=checkbox][name^=trainer]").first()).toBeChecked();
    await expectCleanAddress(page);
    await page.context().close();
  });

  test(`a refused new staff member keeps name, email and roles (${how})`, async ({ browser }) => {
    const page = await staffPage(browser, ADMIN, js);
    await page.goto("/admin/staff");
    await page.getByText("Add a person").click();
    await page.getByLabel("Name").fill("Rosa Rivera");
    await page.getByLabel("Email").fill("rosa.rivera@sunrise.example");
    await page.getByLabel("A one-time password they replace when they first sign in").check();
    // No role: refused by the server.
    await page.getByRole("button", { name: "Add person" }).click();

    await expect(page.locator("#roles-error")).not.toBeEmpty();
    await expect(page.getByLabel("Name")).toHaveValue("Rosa Rivera");
    await expect(page.getByLabel("Email")).toHaveValue("rosa.rivera@sunrise.example");
    await expect(page.getByLabel("A one-time password they replace when they first sign in")).toBeChecked();
    await expect(page.locator("input[name=role_admin]")).toBeFocused();
    await expectCleanAddress(page);
    await page.context().close();
  });
}

test("signing in without JavaScript keeps the email, never the password", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(HR);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/do not match an account/)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(HR);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expectCleanAddress(page);
  await context.close();
});
