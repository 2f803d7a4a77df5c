import { Browser, Page } from "@playwright/test";
import { test, expect, signIn, ADMIN, HR, inviteCandidate, toTheReply, submit } from "./helpers";

/** An admin adds a trainer, who sets her password; returns her signed-in page. */
async function newTrainer(browser: Browser, name: string): Promise<Page> {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  await admin.goto("/admin/staff");
  await admin.getByText("Add a person").click();
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${Date.now()}@sunrise.example`;
  await admin.getByLabel("Name").fill(name);
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel(/^Trainer/).check();
  await admin.getByRole("button", { name: "Add person" }).click();
  const link = await admin.getByRole("textbox", { name: "Set-password link" }).inputValue();
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await page.getByLabel("New password").fill("quiet harbour grading lamp");
  await page.getByLabel("Type it again").fill("quiet harbour grading lamp");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hello");
  await admin.context().close();
  return page;
}

test("a grader goes through two replies with save and next and the keys, told each time what is left", async ({ browser }) => {
  test.setTimeout(180_000);
  // Her queue holds only this test's replies: she grades a position of its own, which nobody
  // else's test touches.
  const stamp = Date.now();
  const title = `Returns desk ${stamp}`;
  const gita = await newTrainer(browser, "Gita Grader");
  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, HR);
  await hr.goto("/positions");
  await hr.getByText("Open a position").click();
  await hr.getByLabel("Title").fill(title);
  await hr.getByLabel("Location").fill("Remote");
  await hr.getByLabel("About the role (shown to candidates)").fill("Returns and exchanges by phone and chat.");
  await hr.getByRole("button", { name: "Open position" }).click();
  await expect(hr.getByText("The position is open.")).toBeVisible();
  await hr.getByLabel("Trainer").selectOption({ label: "Gita Grader" });
  await hr.getByRole("button", { name: "Name as grader" }).click();
  await expect(hr.getByText("Graders saved.")).toBeVisible();

  // Two candidates reply.
  for (const [name, reply] of [
    ["Rae First", "Hi Dana, I am sorry about the boots. A new pair ships today; keep the old ones. Rae"],
    ["Uma Second", "Hello Dana, thank you for telling us. I have sent a replacement by express. Uma"],
  ]) {
    const link = await inviteCandidate(browser, name, "Standard time", title);
    const candidate = await (await browser.newContext()).newPage();
    await toTheReply(candidate, link);
    await candidate.getByLabel("Your reply").fill(reply);
    await candidate.getByRole("button", { name: "Finish and review" }).click();
    await submit(candidate);
    await candidate.context().close();
  }

  // Gita grades both from the keyboard without going back to the queue in between.
  await gita.goto("/grading");
  await expect(gita.locator("ul.queue a")).toHaveCount(2);
  await gita.locator("ul.queue a").first().click();
  const first = await gita.getByRole("heading", { level: 1 }).innerText();
  await expect(gita.getByText("1 more reply waits for you after this one.")).toBeVisible();
  const grade = async () => {
    await expect(gita.getByText("press 1 to 5")).toBeVisible();
    await gita.locator("fieldset.rubric").first().locator("input[type=radio]").first().focus();
    for (let i = 0; i < 4; i++) await gita.keyboard.press("4");
    await expect(gita.getByLabel("Comment for the hiring team")).toBeFocused();
    await gita.getByRole("button", { name: "Save and next" }).click();
  };
  await grade();
  await expect(gita.getByText("Grade saved. Thank you. Here is the next reply.")).toBeVisible();
  await expect(gita.getByRole("heading", { level: 1 })).not.toHaveText(first);
  await expect(gita.getByText("This is the last reply waiting for you.")).toBeVisible();
  await grade();
  await expect(gita).toHaveURL(/\/grading\?graded=1$/);
  await expect(gita.getByText("Nothing to grade.")).toBeVisible();
});
