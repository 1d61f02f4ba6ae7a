import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium; playwright's own browser download has no network here. */
export const chromiumPath = "/usr/bin/chromium";
export const missingChromium = existsSync(chromiumPath) ? null : `${chromiumPath} is missing (apt-get install -y chromium; .ci/run does it)`;

/** Headless Chromium with a fresh profile, launched the way that works as root without network. */
export function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "tourism-chromium-")), {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

/** The text of a table's body cells, row by row. */
export function tableRows(page: Page, name: string): Promise<string[][]> {
  return page.$$eval(`[data-table="${name}"] tbody tr`, (rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")));
}

/** Waits until a view's results have loaded (or failed) and its charts are drawn. */
export async function settled(page: Page, view: string): Promise<string> {
  const results = page.locator(`[data-results="${view}"]:not([data-state="loading"])`);
  await results.waitFor();
  return (await results.getAttribute("data-state")) ?? "";
}
