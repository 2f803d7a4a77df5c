import { Page } from "@playwright/test";
import { test, expect, signIn, HR, fitsWidth } from "./helpers";

/** The date `days` from now, as a date input wants it (a day or so either way of the
 * organisation's zone does not matter three days out). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

async function openOctoberOffer(page: Page) {
  await signIn(page, HR);
  await page.goto("/cohorts");
  await page.getByRole("link", { name: "October cohort" }).click();
  await page.getByRole("link", { name: "The Offer" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The Offer");
  await expect(page.getByRole("heading", { name: "Make the Offer" })).toBeVisible();
  // Bad input is refused next to the field and changes nothing.
  // The deadline is in the organisation's time zone, and says so.
  await expect(page.getByRole("group", { name: "Answer by (America/Chicago time)" })).toBeVisible();
  await page.getByLabel("Amount").fill("lots");
  await page.getByLabel("Date").fill(inDays(3));
  await page.getByRole("button", { name: "Preview the Offer" }).click();
  await expect(page.getByText("Enter the amount as a number, for example 4000 or 4,000.00.")).toBeVisible();
  await expect(page.getByLabel("Amount")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Amount").fill("3,500");
  await page.getByLabel("Date").fill(inDays(3));
  await page.getByLabel("Made in week").selectOption({ label: "Week 3" });
  await page.getByRole("button", { name: "Preview the Offer" }).click();
  // Nothing has gone yet: the preview names who receives it, what they read, and the sum.
  await expect(page.getByRole("heading", { name: "Check the Offer before it goes" })).toBeFocused();
  await expect(page.getByText("You are offering $3,500 to each of 7 trainees ($24,500 in all).")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Who receives it (7)" })).toBeVisible();
  await expect(page.locator("ul.recipients li")).toHaveCount(7);
  await expect(page.locator("ul.recipients")).not.toContainText("Ben Carter");
  const email = page.getByRole("region", { name: "The email" });
  await expect(email).toContainText("The Offer: $3,500 to leave now, or stay");
  await expect(email).toContainText(/Please answer by \w{3} \d{1,2} \w{3} \d{4}, 17:00 C[SD]T/);
  // Going back to change it keeps everything typed.
  await page.getByRole("link", { name: "Change the Offer" }).click();
  await expect(page.getByLabel("Amount")).toHaveValue(/^3,?500(\.00)?$/);
  await expect(page.getByLabel("Made in week")).toHaveValue("3");
  await expect(page.getByLabel("Date")).toHaveValue(inDays(3));
  await page.getByRole("button", { name: "Preview the Offer" }).click();
  await page.getByRole("button", { name: "Make the Offer: $3,500 to 7 trainees" }).click();
  await expect(page.getByText("The Offer is made.")).toBeVisible();
  await expect(page.locator(".stats")).toContainText("7 offered");
}

test("HR makes the Offer; one trainee takes it on a phone, another stays, a third tells HR in person; the board and audit log show them", async ({ browser }) => {
  const hr = await (await browser.newContext()).newPage();
  await openOctoberOffer(hr);

  // Yuki answers on her phone, confirming on a page of its own.
  const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })).newPage();
  await signIn(phone, "yuki.tanaka@mail.example");
  await expect(phone.getByText("HR has made you the Offer: $3,500 to leave now, or stay.")).toBeVisible();
  await phone.getByRole("link", { name: "Read the Offer and answer" }).click();
  await expect(phone.getByRole("heading", { name: "If you take the Offer" })).toBeVisible();
  await fitsWidth(phone);
  await phone.getByRole("link", { name: "Take the offer" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Take the Offer of $3,500?");
  await phone.getByLabel("Anything you would like to tell us (optional)").fill("Thank you; the warehouse job suits me better.");
  await phone.getByRole("button", { name: "Yes, take the offer" }).click();
  await expect(phone.getByText("Your answer is recorded. Thank you.")).toBeVisible();
  await expect(phone.getByText("Your answer is final.")).toBeVisible();
  // Answered: her answer and what follows, not the choices again.
  await expect(phone.getByRole("heading", { name: "What happens next" })).toBeVisible();
  await expect(phone.getByText("Training ends for you now: HR will be in touch about your last day.")).toBeVisible();
  await expect(phone.getByRole("link", { name: "Take the offer" })).toHaveCount(0);
  await expect(phone.getByRole("heading", { name: "If you stay" })).toHaveCount(0);
  await phone.goto("/my-training");
  await expect(phone.getByRole("heading", { name: /The week ahead/ })).toHaveCount(0);
  // Going back to the confirmation page cannot answer again.
  await phone.goto("/offer/confirm/stay");
  await expect(phone.getByText(/You cannot answer any more/)).toBeVisible();

  // Kwame stays, on his own page.
  const kwame = await (await browser.newContext()).newPage();
  await signIn(kwame, "kwame.asante@mail.example");
  await kwame.goto("/offer");
  await kwame.getByRole("link", { name: "Stay", exact: true }).click();
  await expect(kwame.getByRole("heading", { level: 1 })).toHaveText("Stay?");
  await kwame.getByRole("button", { name: "Yes, I stay" }).click();
  await expect(kwame.getByText("Your answer is recorded. Thank you.")).toBeVisible();

  // Lucía told HR in person.
  await hr.reload();
  await expect(hr.locator("tr", { hasText: "Kwame Asante" })).toContainText("Stays");
  await hr.getByRole("link", { name: "Lucía Gómez" }).click();
  await hr.getByLabel("Stay").check();
  await hr.getByLabel("When and how they told you").fill("Told me after Tuesday's session, with Tom present.");
  await hr.getByRole("button", { name: "Record on their behalf" }).click();
  await expect(hr.getByText("Answer recorded.")).toBeVisible();
  await expect(hr.locator("ol.history")).toContainText("Stays · given in person, recorded by HR");

  // Yuki's payout is pending until HR marks it paid.
  await hr.getByRole("link", { name: /The Offer for October cohort/ }).click();
  const yuki = hr.locator("tr", { hasText: "Yuki Tanaka" });
  await expect(yuki).toContainText("Took the Offer");
  await expect(yuki).toContainText("Pending");
  await yuki.getByRole("link", { name: "Yuki Tanaka" }).click();
  await hr.getByLabel("Payment reference").fill("PAYROLL-2026-201");
  await hr.getByRole("button", { name: "Mark paid" }).click();
  await expect(hr.getByText("Payout marked paid.")).toBeVisible();

  // The board across cohorts, and the audit log.
  await hr.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Offers" }).click();
  const october = hr.locator("table").first().locator("tr", { hasText: "October cohort" });
  await expect(october).toContainText("$3,500");
  await expect(hr.getByRole("img", { name: /Share of trainees who took the Offer/ })).toBeVisible();
  await hr.goto("/admin/audit");
  await hr.getByLabel("Area").selectOption({ label: "The Offer: answers, corrections, payouts" });
  await hr.getByLabel("Containing").fill("Yuki");
  await hr.getByRole("button", { name: "Filter" }).click();
  await expect(hr.locator("main")).toContainText("Yuki Tanaka: Took the Offer");
  await expect(hr.locator("main")).toContainText("Paid $3,500 to Yuki Tanaka");
});
