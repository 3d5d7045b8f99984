import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { serverEnv, startServer, stopServers, type ServerProcess } from '../support/process.js';
import { seedEnvironment } from '../support/seed.js';

/**
 * The playground in a real browser (Debian's Chromium, driven by playwright-core): the page loads
 * from this server alone, a token goes into the headers editor, a preloaded operation runs, and the
 * result shows. The store plays no part, so it runs once, in the SQLite project. Signing in from
 * the page is tried on the compiled server as `npm start` runs it (`npm test` builds first), on
 * generated development secrets and on the settings that must not offer it.
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
  await stopServers();
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

const HEADERS_EDITOR = 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)';

/** Opens the playground of a server and waits for GraphiQL to show the example operations. */
async function openPlayground(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
  expect(response?.status()).toBe(200);
  await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
  await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 10_000 }).toContain('query Environments');
}

const postSignIn = (server: ServerProcess) =>
  fetch(new URL('/playground/dev-token', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ org: 'acme', roles: ['organization_admin'] }),
  });

describe.runIf(TEST_DB === 'sqlite' && !browserMissing)('signing in from the playground', () => {
  it('on generated development secrets: the form puts a token in the headers, and an operation that needs it runs', async () => {
    const server = await startServer(await serverEnv());
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    try {
      await openPlayground(page, server.url);
      const form = page.locator('form#sign-in');
      const status = page.locator('#sign-in-status');

      // A refusal is shown beside the form, and the headers keep what they had.
      await form.getByLabel('Organization').fill('signed-in-org');
      await form.getByLabel('Roles').fill('organization admin');
      await form.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => status.innerText(), { timeout: 10_000 }).toMatch(/^Not signed in: "organization admin" is not a role name/);
      expect(await page.locator(HEADERS_EDITOR).innerText()).not.toContain('Bearer');

      await form.getByLabel('Roles').fill('organization_admin, developer');
      await form.getByLabel('Subject').fill('alice');
      const answered = page.waitForResponse((response) => response.url().endsWith('/playground/dev-token'));
      await form.getByRole('button', { name: 'Sign in' }).click();
      const signedIn = await answered;
      expect(signedIn.status()).toBe(200);
      const { token } = (await signedIn.json()) as { token: string };
      await expect.poll(() => status.innerText(), { timeout: 10_000 }).toMatch(/^Signed in as alice \(signed-in-org, organization_admin, developer\) until /);
      await expect.poll(() => page.locator(HEADERS_EDITOR).innerText(), { timeout: 10_000 }).toContain('"Authorization": "Bearer ey');

      // Creating an environment needs an administrator's token.
      await page.locator('.graphiql-execute-button').click();
      await page.getByRole('menuitem', { name: 'CreateEnvironment' }).click();
      const result = page.locator('section[aria-label="Result Window"]');
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('"name": "Production"');
      expect(await result.innerText()).not.toContain('UNAUTHENTICATED');
      const line = server.logs.find((l) => l.operationName === 'CreateEnvironment');
      expect(line).toMatchObject({ org: 'signed-in-org', status: 200 });
      expect(server.logs.find((l) => l.msg === 'playground sign-in: development token issued')).toMatchObject({ org: 'signed-in-org', sub: 'alice' });

      // The token is in neither the server's log nor the browser's storage.
      expect(JSON.stringify(server.logs)).not.toContain(token);
      await page.waitForTimeout(1000); // GraphiQL debounces its writes by 500 ms
      const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage })');
      expect(stored).toContain('CreateEnvironment');
      expect(stored).not.toContain(token);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers neither the form nor the endpoint with AUTH_JWT_SECRET set, or with NODE_ENV=production', async () => {
    const [withSecret, production] = await Promise.all([
      serverEnv().then((env) => startServer({ ...env, AUTH_JWT_SECRET: 'a-secret-of-at-least-32-characters!' })),
      serverEnv().then((env) => startServer({ ...env, NODE_ENV: 'production', PLAYGROUND: 'true' })),
    ]);
    for (const server of [withSecret, production]) {
      expect((await postSignIn(server)).status).toBe(404);
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await openPlayground(page, server.url);
        expect(await page.locator('form#sign-in').count()).toBe(0);
        expect(await page.locator('input[name="org"]').count()).toBe(0);
      } finally {
        await context.close();
      }
      expect(server.logs.some((l) => String(l.msg).includes('sign-in'))).toBe(false);
    }
  });
});
