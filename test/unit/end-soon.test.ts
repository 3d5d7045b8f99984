import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as turn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { endSoon } from '../../src/http/body.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve()));
  server = undefined;
});

/** A loopback server answering with `handle`; resolves with its URL. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handle);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('endSoon', () => {
  it('ends the response at the end of the turn, not at once, with the body given', async () => {
    const seen: boolean[] = [];
    const url = await serve((req, res) => {
      res.setHeader('content-type', 'text/plain');
      endSoon(res, `answer to ${req.url}`);
      seen.push(res.writableEnded);
      setImmediate(() => seen.push(res.writableEnded));
    });
    const response = await fetch(`${url}/one`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('answer to /one');
    expect(seen).toEqual([false, true]);
  });

  it('answers every request of a burst with its own body', async () => {
    const url = await serve((req, res) => endSoon(res, Buffer.from(`answer to ${req.url}`)));
    const paths = Array.from({ length: 40 }, (_, i) => `/r${i}`);
    const answers = await Promise.all(paths.map(async (path) => (await fetch(`${url}${path}`)).text()));
    expect(answers).toEqual(paths.map((path) => `answer to ${path}`));
  });

  it('still answers the others when one response of the turn cannot be ended', async () => {
    let held: ServerResponse | undefined;
    const url = await serve((req, res) => {
      if (req.url === '/broken') {
        // A response whose end throws (a stand-in for a fault that should never happen), held
        // until the other request arrives, so that both are ended in the same turn, this one first.
        res.end = () => {
          throw new Error('cannot end');
        };
        held = res;
        return;
      }
      endSoon(held!, 'never sent');
      endSoon(res, `answer to ${req.url}`);
    });
    const broken = fetch(`${url}/broken`).then((r) => r.text());
    while (!held) await turn();
    const good = await (await fetch(`${url}/good`)).text();
    expect(good).toBe('answer to /good');
    await expect(broken).rejects.toThrow();
  });
});
