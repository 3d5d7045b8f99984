import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { seedEnvironment } from '../support/seed.js';

/**
 * The playground in a real browser (Debian's Chromium, driven by playwright-core): the page loads
 * from this server alone, a token goes into the headers editor, a preloaded operation runs, and the
 * result shows. The store plays no part, so it runs once, in the SQLite project.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORG = 'playground-org';
let t: TestApp;
let browser: Browser;

// CI must run it; a developer without Chromium is told why it was skipped.
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && TEST_DB === 'sqlite' && ['true', '1'].includes(process.env.CI ?? '')) {
  throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
}
if (browserMissing && TEST_DB === 'sqlite') {
  console.warn(`Skipping the playground test: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

beforeAll(async () => {
  if (TEST_DB !== 'sqlite' || browserMissing) return;
  [t, browser] = await Promise.all([
    startTestApp(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      timeout: 30_000,
    }),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Replaces an editor's text the way a person pasting would (no auto-closed brackets). */
async function paste(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(editor).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  // Close any completion list the editor opened, so the next click lands where it is aimed.
  await page.keyboard.press('Escape');
}

describe.runIf(TEST_DB === 'sqlite' && !browserMissing)('the playground in Chromium', () => {
  it('loads from this server only, runs a preloaded operation with a bearer token, and shows the result', async () => {
    await seedEnvironment(t, admin(ORG), 'Seen in the browser', 'SANDBOX');
    const token = await t.token(admin(ORG));
    const origin = new URL(t.app.url).origin;

    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    try {
      const response = await page.goto(t.app.url, { waitUntil: 'load', timeout: 20_000 });
      expect(response?.status()).toBe(200);
      await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });

      // The example operations are preloaded and the headers editor is open.
      const queryEditor = page.locator('.graphiql-query-editor');
      await expect.poll(() => queryEditor.innerText(), { timeout: 10_000 }).toContain('query Environments');
      const headersEditor = 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)';
      await expect.poll(() => page.locator(headersEditor).innerText(), { timeout: 10_000 }).toContain('Authorization');

      await paste(page, headersEditor, JSON.stringify({ Authorization: `Bearer ${token}` }));
      // Several operations are preloaded: the run button asks which one.
      await page.locator('.graphiql-execute-button').click();
      await page.getByRole('menuitem', { name: 'Environments' }).click();

      const result = page.locator('section[aria-label="Result Window"]');
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('Seen in the browser');
      expect(await result.innerText()).toContain('"totalCount": 1');

      // Everything came from this server: no CDN, no other host.
      expect(requested.length).toBeGreaterThan(4);
      expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
      expect(requested.some((url) => url === t.app.url)).toBe(true);
      expect(problems).toEqual([]);
      // The token stays in the tab: once GraphiQL has saved its tabs and its history of the run,
      // none of what it saved holds the headers.
      await expect
        .poll(() => page.evaluate<string[]>('Object.keys(localStorage)'), { timeout: 10_000 })
        .toEqual(expect.arrayContaining(['graphiql:queries', 'graphiql:tabState']));
      await page.waitForTimeout(1000); // GraphiQL debounces its writes by 500 ms
      const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage })');
      expect(stored).toContain('query Environments');
      expect(stored).not.toContain(token);
      // The request the page sent carried the token and passed CSRF prevention.
      const line = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.operationName === 'Environments');
      expect(line).toMatchObject({ org: ORG, status: 200 });
    } finally {
      await context.close();
    }
  });

  it('shows the refusal when the token is missing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(t.app.url, { waitUntil: 'load', timeout: 20_000 });
      await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
      const queryEditor = page.locator('.graphiql-query-editor');
      await expect.poll(() => queryEditor.innerText(), { timeout: 10_000 }).toContain('query Environments');
      await page.locator('.graphiql-execute-button').click();
      await page.getByRole('menuitem', { name: 'Clients' }).click();
      const result = page.locator('section[aria-label="Result Window"]');
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('UNAUTHENTICATED');
    } finally {
      await context.close();
    }
  });
});
