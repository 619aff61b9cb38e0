/**
 * The sample app's /docs in a real browser (Debian's headless Chromium,
 * driven by playwright-core): POST /invoices/ expands and shows its Callbacks
 * with invoice_notification and its path, every file comes from our server
 * (no CDN), and a screenshot is saved under test-output/. ReDoc renders the same.
 * Skipped, saying so, only when /usr/bin/chromium is absent.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import type { App } from "callspec";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "./support/compile";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const OUTPUT = path.join(ROOT, "test-output");
const CALLBACK_PATH = "{$request.query.callback_url}/invoices/{$request.body#/id}";

if (!fs.existsSync(CHROMIUM)) {
  console.log(`browser.test: SKIPPED — no Chromium at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium); .ci/run does.`);
  test.skip("the sample's /docs shows the callbacks of POST /invoices/", () => {});
} else {
  const { app } = require(path.join(ROOT, "sample-app", "dist", "app.js")) as { app: App };
  let browser: Browser;
  let base = "";

  test.before(async () => {
    ({ url: base } = await app.listen(0, "127.0.0.1"));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    fs.mkdirSync(OUTPUT, { recursive: true });
  });

  test.after(async () => {
    await browser?.close();
    await app.close();
  });

  /**
   * A page that records every URL it fetched (or failed to fetch for a reason
   * other than the page's Content-Security-Policy, which blocks before the network).
   */
  async function open(url: string): Promise<{ page: Page; requested: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const requested: string[] = [];
    page.on("requestfinished", (request) => requested.push(request.url()));
    page.on("requestfailed", (request) => request.failure()?.errorText !== "csp" && requested.push(request.url()));
    await page.goto(url);
    return { page, requested };
  }
  const elsewhere = (urls: string[]) => urls.filter((url) => !url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("blob:"));

  test("the sample's /docs shows the callbacks of POST /invoices/, all files served locally", async () => {
    const { page, requested } = await open(`${base}/docs`);
    const operation = page.locator("#operations-default-create_invoice");
    await operation.locator(".opblock-summary").click();
    await operation.locator(".tab-header").getByText("Callbacks", { exact: true }).click();
    await operation.getByText("invoice_notification", { exact: true }).waitFor();
    assert.ok((await operation.innerText()).includes(CALLBACK_PATH), "the callback's path is shown");
    await page.screenshot({ path: path.join(OUTPUT, "docs-callbacks.png"), fullPage: true });
    assert.ok(requested.length >= 3, requested.join("\n"));
    assert.equal(elsewhere(requested), [], "every request goes to our server");
    await page.close();
  });

  test("the sample's /redoc renders the operation and its callback", async () => {
    const { page, requested } = await open(`${base}/redoc`);
    await page.getByText("Invoice Notification").first().waitFor();
    const text = await page.locator("body").innerText();
    assert.match(text, /Create Invoice/);
    assert.match(text, /Callbacks/);
    await page.screenshot({ path: path.join(OUTPUT, "redoc.png") });
    assert.equal(elsewhere(requested), [], "every request goes to our server");
    await page.close();
  });
}

test.run();
