import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const key = Buffer.alloc(32, 7).toString('base64');
const secret = 'x'.repeat(32);

describe('configuration', () => {
  it('defaults to the embedded SQLite store with generated, kept development secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.config.store).toEqual({ kind: 'sqlite', file: join(dir, 'client-providers.sqlite3') });
    expect(first.config.port).toBe(4000);
    expect(first.warnings.join()).toMatch(/Generated development secrets/);
    expect(statSync(join(dir, 'dev-secrets.json')).mode & 0o777).toBe(0o600);

    const second = loadConfig({ DATA_DIR: dir });
    expect(second.config.secretsKey.equals(first.config.secretsKey)).toBe(true);
    expect(second.config.auth.jwtSecret).toEqual(first.config.auth.jwtSecret);
    expect(JSON.parse(readFileSync(join(dir, 'dev-secrets.json'), 'utf8')).secretsKey).toBe(first.config.secretsKey.toString('base64'));
  });

  it('names each bad setting', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };
    expect(problems({ PORT: 'eighty' })).toMatch(/PORT/);
    // zod's own messages, in English (zod/mini has none unless given a locale).
    expect(problems({ PORT: '70000' })).toMatch(/PORT: Too big: expected number to be <=65535/);
    expect(problems({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL: Invalid option: expected one of "fatal"/);
    expect(problems({ DATABASE_URL: 'mysql://x' })).toMatch(/DATABASE_URL/);
    expect(problems({ SECRETS_KEY: 'short', AUTH_JWT_SECRET: secret })).toMatch(/SECRETS_KEY/);
    expect(problems({ AUTH_JWT_SECRET: 'short' })).toMatch(/AUTH_JWT_SECRET/);
    expect(problems({ AUTH_JWKS_URL: 'not-a-url' })).toMatch(/AUTH_JWKS_URL/);
    expect(problems({ CORS_ORIGINS: 'https://console.example.com/admin' })).toMatch(/CORS_ORIGINS: "https:\/\/console.example.com\/admin" is not an origin/);
    expect(problems({ CORS_ORIGINS: 'console.example.com' })).toMatch(/CORS_ORIGINS/);
    expect(problems({ PLAYGROUND: 'maybe' })).toMatch(/PLAYGROUND: must be true or false/);
    expect(problems({ METRICS: 'sometimes' })).toMatch(/METRICS/);
    expect(problems({ SHUTDOWN_GRACE_SECONDS: '-1' })).toMatch(/SHUTDOWN_GRACE_SECONDS/);
    expect(problems({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL/);
    expect(problems({ METRICS_TOKEN: 'short' })).toMatch(/METRICS_TOKEN: must be 16 to 512 visible ASCII characters/);
    expect(problems({ IDP_ALLOWED_NETWORKS: '10.0.0.0/8,not a host' })).toMatch(/IDP_ALLOWED_NETWORKS: "not a host" is neither/);
    expect(problems({ QUERY_MAX_DEPTH: '0' })).toMatch(/QUERY_MAX_DEPTH/);
    expect(problems({ CACHE_INVALIDATION_MAX_LAG_SECONDS: '0' })).toMatch(/CACHE_INVALIDATION_MAX_LAG_SECONDS/);
    for (const bad of ['-1', '1.5', 'sometimes']) expect(problems({ GRAPHQL_COMPILE_AFTER_RUNS: bad })).toMatch(/GRAPHQL_COMPILE_AFTER_RUNS/);
    for (const bad of ['-1', '1.5', 'lots']) expect(problems({ REMEMBERED_ANSWERS_MAX_BYTES: bad })).toMatch(/REMEMBERED_ANSWERS_MAX_BYTES/);
    expect(problems({ AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'https://idp.example/jwks', SECRETS_KEY: key })).toMatch(/set one, not both/);
    // A shared store needs real secrets: nothing is generated for it.
    expect(problems({ DATABASE_URL: 'postgres://db/x' })).toMatch(/AUTH_JWT_SECRET or AUTH_JWKS_URL, SECRETS_KEY/);
  });

  it('takes PostgreSQL and explicit secrets from the environment', () => {
    const { config, warnings } = loadConfig({ DATABASE_URL: 'postgresql://u@db/x', AUTH_JWT_SECRET: secret, SECRETS_KEY: key, PORT: '8080' });
    expect(config.store).toEqual({ kind: 'postgresql', url: 'postgresql://u@db/x' });
    expect(config.port).toBe(8080);
    expect(warnings).toEqual([]);
  });

  it('serves the playground, introspection and metrics by default, and not the first two in production', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-config-'));
    expect(loadConfig({ DATA_DIR: dir }).config.http).toEqual({
      corsOrigins: [],
      playground: true,
      playgroundSignIn: true,
      introspection: true,
      compileAfterRuns: 1,
      rememberedAnswersMaxBytes: 32 * 1024 * 1024,
      metrics: true,
      shutdownGraceMs: 10_000,
    });
    const compileAfter = (value: string) => loadConfig({ DATA_DIR: dir, GRAPHQL_COMPILE_AFTER_RUNS: value }).config.http.compileAfterRuns;
    expect([compileAfter('0'), compileAfter(' 3 '), compileAfter(' Never '), compileAfter('')]).toEqual([0, 3, null, 1]);
    const remembered = (value: string) => loadConfig({ DATA_DIR: dir, REMEMBERED_ANSWERS_MAX_BYTES: value }).config.http.rememberedAnswersMaxBytes;
    expect([remembered('0'), remembered('1048576')]).toEqual([0, 1_048_576]);
    const production = loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' }).config.http;
    expect(production).toMatchObject({ playground: false, introspection: false, metrics: true });
    const chosen = loadConfig({
      DATA_DIR: dir,
      NODE_ENV: 'production',
      PLAYGROUND: 'on',
      GRAPHQL_INTROSPECTION: 'true',
      METRICS: 'false',
      CORS_ORIGINS: 'https://console.example.com, http://localhost:3000/',
      SHUTDOWN_GRACE_SECONDS: '2.5',
    }).config.http;
    expect(chosen).toEqual({
      corsOrigins: ['https://console.example.com', 'http://localhost:3000'],
      playground: true,
      playgroundSignIn: false,
      introspection: true,
      compileAfterRuns: 1,
      rememberedAnswersMaxBytes: 32 * 1024 * 1024,
      metrics: false,
      shutdownGraceMs: 2500,
    });
    expect(loadConfig({ DATA_DIR: dir, CORS_ORIGINS: '*' }).config.http.corsOrigins).toBe('*');
    // An empty value is the default, not zero.
    const blank = loadConfig({ DATA_DIR: dir, SHUTDOWN_GRACE_SECONDS: '', PORT: ' ', PLAYGROUND: '' }).config;
    expect([blank.http.shutdownGraceMs, blank.port, blank.http.playground]).toEqual([10_000, 4000, true]);
  });

  it('offers the playground sign-in only with a generated development JWT secret, outside production', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-config-'));
    const signIn = (env: NodeJS.ProcessEnv) => loadConfig({ DATA_DIR: dir, ...env });
    const generated = signIn({});
    expect(generated.config.http.playgroundSignIn).toBe(true);
    expect(generated.warnings.join('\n')).toMatch(/playground offers sign-in/);
    // A generated sealing key alone does not count: the JWT secret is the one that signs.
    expect(signIn({ AUTH_JWT_SECRET: secret }).config.http.playgroundSignIn).toBe(false);
    expect(signIn({ AUTH_JWT_SECRET: secret }).warnings.join('\n')).not.toMatch(/sign-in/);
    expect(signIn({ AUTH_JWKS_URL: 'https://idp.example/jwks' }).config.http.playgroundSignIn).toBe(false);
    expect(signIn({ NODE_ENV: 'production' }).config.http.playgroundSignIn).toBe(false);
    expect(signIn({ NODE_ENV: 'production', PLAYGROUND: 'true' }).config.http.playgroundSignIn).toBe(false);
    // However it is spelt.
    expect(signIn({ NODE_ENV: ' Production ', PLAYGROUND: 'true' }).config.http.playgroundSignIn).toBe(false);
    expect(signIn({ PLAYGROUND: 'false' }).config.http.playgroundSignIn).toBe(false);
    expect(signIn({ NODE_ENV: 'test' }).config.http.playgroundSignIn).toBe(true);
  });
});
