import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** METRICS_TOKEN: /metrics for scrapers that present it, on the API's port or its own. */
const TOKEN = randomBytes(24).toString('base64url');
let shared: TestApp;
let separate: TestApp;
const http = (metricsPort?: number) => ({ corsOrigins: [], playground: false, introspection: true, metrics: true, metricsPort, metricsToken: TOKEN, shutdownGraceMs: 1000 });

beforeAll(async () => {
  shared = await startTestApp({ http: http() });
  separate = await startTestApp({ http: http(0) });
});

afterAll(async () => {
  await shared?.close();
  await separate?.close();
});

describe('a metrics token', () => {
  it('is required, on the API’s port and on a metrics port of its own', async () => {
    for (const app of [shared, separate]) {
      const none = await fetch(app.app.metricsUrl);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect((await fetch(app.app.metricsUrl, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
      expect((await fetch(app.app.metricsUrl, { headers: { authorization: TOKEN } })).status).toBe(401);
      const scraped = await fetch(app.app.metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^# TYPE graphql_requests_total counter$/m);
      expect(app.logs.join('\n')).not.toContain(TOKEN);
    }
  });
});
