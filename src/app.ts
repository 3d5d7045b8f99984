import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { BuiltInProviders } from './client-providers/built-in-providers.js';
import type { Config } from './config.js';
import { createHttpApp } from './server/http.js';
import { openStore, type OpenStoreOptions, type Orm } from './store/orm.js';
import { SecretBox } from './store/secret-box.js';

export interface RunningApp {
  url: string;
  orm: Orm;
  close(): Promise<void>;
}

/** Wires config → store → schema → HTTP server and starts listening. */
export async function startApp(config: Config, logger: Logger, storeOptions: OpenStoreOptions = {}): Promise<RunningApp> {
  const orm = await openStore(config.store, { ...storeOptions, logger });
  const services = { config, logger, secrets: new SecretBox(config.secretsKey), builtInProviders: new BuiltInProviders() };
  const { server, apollo } = await createHttpApp(orm, services);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : 'localhost'}:${port}/graphql`;
  let closing: Promise<void> | undefined;
  return {
    url,
    orm,
    close() {
      // Stops accepting, lets in-flight requests finish (Apollo's drain plugin), then closes the store.
      closing ??= apollo.stop().then(() => orm.close());
      return closing;
    },
  };
}
