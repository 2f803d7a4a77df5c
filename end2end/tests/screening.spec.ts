import { Page, Response } from "@playwright/test";
import { test, expect, inviteCandidate, fitsWidth, signIn, HR } from "./helpers";

async function answerLikertSection(page: Page, label = "Agree") {
  const items = page.locator("fieldset.likert");
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    await items.nth(i).getByLabel(label, { exact: true }).check();
  }
  return n;
}

async function answerFirstOptions(page: Page) {
  const items = page.locator("fieldset.item");
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    await items.nth(i).locator("input").first().check();
  }
}

test.describe("a candidate on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("takes the whole demo screening, reloads half-way, and submits", async ({ page, browser }) => {
    const link = await inviteCandidate(browser, "Pat Phone");
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Pat, welcome to your screening");
    await expect(page.getByRole("heading", { name: "Accommodations" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your privacy" })).toBeVisible();
    await fitsWidth(page);
    await page.getByRole("button", { name: "Start the screening" }).click();
    // Consent is required: the browser will not submit without it.
    await expect(page).toHaveURL(link);
    await page.getByLabel(/I have read how my answers are used/).check();
    await page.getByRole("button", { name: "Start the screening" }).click();

    await expect(page.getByText("Section 1 of 5 · Attitude")).toBeVisible();
    await expect(page.locator(".timer")).toContainText("Time left");
    await fitsWidth(page);
    const n = await answerLikertSection(page);
    expect(n).toBe(20);
    await expect(page.getByText("20 of 20 answered. All answers saved.")).toBeVisible();

    // Reload half-way: same section, same answers, clock still running.
    await page.reload();
    await expect(page.getByText("Section 1 of 5 · Attitude")).toBeVisible();
    await expect(page.locator("fieldset.likert input:checked")).toHaveCount(20);
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByText("Section 2 of 5 · Attitude")).toBeVisible();
    await answerFirstOptions(page);
    await expect(page.getByText("All answers saved.")).toBeVisible();
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByText("Section 3 of 5 · Skills")).toBeVisible();
    await page.getByRole("button", { name: "Start the typing test" }).click();
    const typing = page.getByLabel("Type the passage here");
    await expect(typing).toBeFocused();
    await typing.pressSequentially("Hi Jordan, thanks for reaching out about the exchange.", { delay: 15 });
    await page.getByRole("button", { name: "I have finished typing" }).click();
    await expect(page.getByText("Typing test finished.")).toBeVisible();
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByText("Section 4 of 5 · Skills")).toBeVisible();
    await answerFirstOptions(page);
    await expect(page.getByText("All answers saved.")).toBeVisible();
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByText("Section 5 of 5 · Skills")).toBeVisible();
    await page.getByLabel("Your reply").fill("Hi Dana, I am so sorry the sole came away on the trail. A new pair ships today by express and arrives Wednesday.");
    await expect(page.getByText("1 of 1 answered. All answers saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Your reply")).toHaveValue(/A new pair ships today/);
    await page.getByRole("button", { name: "Finish and review" }).click();

    await expect(page.getByRole("heading", { name: "Ready to submit?" })).toBeVisible();
    await page.getByRole("button", { name: "Submit my answers" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you, Pat");
    await expect(page.getByRole("heading", { name: "What happens next" })).toBeVisible();
    await fitsWidth(page);
    // The optional self-identification: any question may be skipped.
    await expect(page.getByRole("heading", { name: "Optional: help us check our hiring is fair" })).toBeVisible();
    await page.getByLabel("Age").selectOption({ label: "25 to 39" });
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(page.getByText("Thank you for answering the optional questions about yourself.")).toBeVisible();
    await expect(page.getByLabel("Age")).toHaveCount(0);
    // The link now only says it is done.
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Your answers are with the hiring team" })).toBeVisible();
  });
});

test("answers are safe when the connection drops, and saving resumes", async ({ page, browser, context }) => {
  const link = await inviteCandidate(browser, "Olu Offline");
  await page.goto(link);
  await page.getByLabel(/I have read how my answers are used/).check();
  await page.getByRole("button", { name: "Start the screening" }).click();
  await expect(page.getByText("Section 1 of 5")).toBeVisible();
  const items = page.locator("fieldset.likert");
  await items.nth(0).getByLabel("Agree", { exact: true }).check();
  await expect(page.getByText("All answers saved.")).toBeVisible();
  await context.setOffline(true);
  await items.nth(1).getByLabel("Disagree", { exact: true }).check();
  await expect(page.getByText(/You are offline or the server cannot be reached/)).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByText(/You are offline/)).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText("2 of 20 answered. All answers saved.")).toBeVisible();
  await page.reload();
  await expect(items.nth(1).getByLabel("Disagree", { exact: true })).toBeChecked();
});

test("nothing a candidate's browser receives carries the answer key", async ({ page, browser }) => {
  // The key material, as HR exports it.
  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, HR);
  await hr.goto("/screenings");
  const files: string[] = [];
  for (const title of ["Culture and values", "Customer-service skills"]) {
    await hr.goto("/screenings");
    await hr.getByRole("link", { name: title }).click();
    const href = await hr.getByRole("link", { name: "Export (TOML)" }).getAttribute("href");
    files.push(await (await hr.request.get(href!)).text());
  }
  const descriptors = [...files.join("\n").matchAll(/^\s+"(.{30,})",\s*$/gm)].map((m) => m[1]);
  expect(descriptors.length).toBeGreaterThan(10);

  const bodies: string[] = [];
  page.on("response", async (r: Response) => {
    try {
      const type = r.headers()["content-type"] ?? "";
      const buf = await r.body();
      bodies.push(type.includes("wasm") ? buf.toString("latin1") : buf.toString("utf8"));
    } catch {
      /* redirects have no body */
    }
  });
  const link = await inviteCandidate(browser, "Kit Keyless");
  await page.goto(link);
  await page.getByLabel(/I have read how my answers are used/).check();
  await page.getByRole("button", { name: "Start the screening" }).click();
  for (let s = 1; s <= 5; s++) {
    await expect(page.getByText(`Section ${s} of 5`)).toBeVisible();
    if (s === 1) await answerLikertSection(page);
    if (s === 2 || s === 4) await answerFirstOptions(page);
    if (s === 5) await page.getByLabel("Your reply").fill("Hello Dana.");
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: s === 5 ? "Finish and review" : "Save and continue" }).click();
    // The typing test was left untouched: the section lists it before closing.
    if (s === 3) await page.getByRole("button", { name: "Continue without answering" }).click();
  }
  await page.getByRole("button", { name: "Submit my answers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you, Kit");
  await page.waitForLoadState("networkidle");

  const all = bodies.join("\n");
  expect(all).toContain("keepers_bg"); // the JS loader, and the WASM below, were fetched
  expect(bodies.some((b) => b.startsWith("\0asm"))).toBe(true);
  for (const field of ['"score"', '"correct"', '"reverse"', '"weight"', '"levels"', "correct = true", "score = 2", "reverse = true"]) {
    expect(all, `candidate received ${field}`).not.toContain(field);
  }
  for (const d of descriptors) {
    expect(all, `candidate received a rubric descriptor: ${d}`).not.toContain(d);
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a candidate answers a Likert section and moves on", async ({ page, browser }) => {
    const link = await inviteCandidate(browser, "Nia Nojs");
    await page.goto(link);
    await page.getByLabel(/I have read how my answers are used/).check();
    await page.getByRole("button", { name: "Start the screening" }).click();
    await expect(page.getByText("Section 1 of 5 · Attitude")).toBeVisible();
    await expect(page.getByText(/You have 12:00 for this section|You have 11:5\d for this section/)).toBeAttached();
    await answerLikertSection(page, "Strongly agree");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByText("Section 2 of 5 · Attitude")).toBeVisible();
    // The typing test says it needs JavaScript; the candidate can still move on.
    await answerFirstOptions(page);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByText("Section 3 of 5 · Skills")).toBeVisible();
    await expect(page.getByText(/The typing test needs JavaScript/)).toBeVisible();
  });
});

test("a candidate downloads the screening form and none of the staff screens", async ({ page, browser }) => {
  const link = await inviteCandidate(browser, "Lee Lightweight");
  const fetched: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/pkg/")) fetched.push(new URL(r.url()).pathname);
  });
  await page.goto(link);
  await page.getByLabel(/I have read how my answers are used/).check();
  await page.getByRole("button", { name: "Start the screening" }).click();
  await expect(page.getByText("Section 1 of 5 · Attitude")).toBeVisible();
  // The form is hydrated: answering saves at once.
  await page.locator("fieldset.likert").first().getByLabel("Agree", { exact: true }).check();
  await expect(page.locator(".save-state").first()).toContainText("All answers saved.");
  expect(fetched).toContain("/pkg/keepers.wasm");
  // Staff islands (sign-in, the grade grid, staff forms) live in files of their own.
  expect(fetched.filter((p) => p.includes("split_"))).toEqual([]);

  // A staff page fetches its own island's file, and works.
  const hr = await browser.newPage();
  const island = hr.waitForResponse((r) => r.url().includes("/pkg/split_sign_in_form") && r.ok());
  await signIn(hr, HR);
  await island;
  await hr.close();
});
