import type { Page } from "playwright-core";

/** The page drawn with its data: a heading, no spinner or loading mask left (the live event
 * stream keeps the network busy, so "network idle" never comes). */
export async function settle(p: Page) {
  await p.locator("h1").first().waitFor();
  await p.waitForFunction(
    () => !document.querySelector("[role=status], .p-datatable-mask, .p-progressbar-indeterminate"),
  );
  await p.waitForTimeout(300);
}

export async function chooseLanguage(p: Page, label: string) {
  const select = p.getByTestId("language");
  if ((await select.textContent())?.includes(label)) return;
  await select.click();
  const option = p.getByRole("option", { name: label });
  await option.waitFor();
  await option.click({ force: true });
  await p.locator(".p-select-overlay").waitFor({ state: "detached" });
}

/** The signed-in session the dashboard keeps in localStorage. */
export async function storedSession(
  p: Page,
): Promise<{ accessToken: string; tenant: { id: number } }> {
  return p.evaluate(() => JSON.parse(localStorage.getItem("stoflow.session") ?? "{}"));
}

/** Fills the sign-up form (on the page it is open at) and waits for the onboarding wizard. */
export async function fillSignUp(p: Page, shop: string, email: string, password: string) {
  await p.getByLabel("Shop name").fill(shop);
  await p.getByLabel("E-mail").fill(email);
  await p.getByLabel("Password", { exact: true }).fill(password);
  await p.getByRole("button", { name: "Create my shop" }).click();
  await p.waitForURL("**/onboarding");
}
