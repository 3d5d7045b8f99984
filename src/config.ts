import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { ReconciliationSettings } from './domains/client-providers/reconciliation.js';
import type { IntrospectionCacheSettings } from './domains/tokens/introspection-cache.js';
import { DEFAULT_COMPILE_AFTER_RUNS } from './graphql/compiled-execution.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/query-limits.js';
import { DEFAULT_REMEMBERED_ANSWERS_BYTES } from './graphql/remembered-answers.js';
import type { AuthSettings } from './http/auth.js';
import type { HttpSettings } from './http/http.js';
import type { FeedSettings } from './store/invalidations.js';
import type { StoreSettings } from './store/orm.js';
import { AddressPolicy } from './vendors/address-policy.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './vendors/http.js';

/** Every setting of the service, validated once at start. See docs/configuration.md. */
export interface Config {
  port: number;
  host: string | undefined;
  logLevel: string;
  store: StoreSettings;
  auth: AuthSettings;
  /** AES-256-GCM key that seals secrets at rest. */
  secretsKey: Buffer;
  clientSecretRotationGraceSeconds: number;
  tokenCache: IntrospectionCacheSettings;
  /** How often DELETING clients are retried at their IdP; 0 turns the background retries off. */
  deletionRetryIntervalSeconds: number;
  /** How often interrupted IdP operations (intents past their lease) are recovered; 0: only at start. */
  recoveryIntervalSeconds: number;
  /** Added to the longest an IdP call may take before its intent is recovery's. */
  intentLeaseGraceSeconds: number;
  /** How often each provider's clients are read back from its IdP; 0 turns the sweep off. */
  reconcileIntervalSeconds: number;
  reconciliation: ReconciliationSettings;
  /** How long audit events are kept; 0 keeps them forever. */
  auditRetentionDays: number;
  /** Tests only (NODE_ENV=test): the point of an IdP operation where the process kills itself (SIGKILL). */
  faultPoint: string | undefined;
  /** Internal networks (CIDRs) and host names IdPs may be reached at; public addresses always may. */
  idpAllowedNetworks: string[];
  /** The largest answer read from an IdP, in bytes; a larger one is refused as it arrives. */
  idpMaxResponseBytes: number;
  queryLimits: QueryLimits;
  /** How replicas hear each other's changes (PostgreSQL). */
  invalidations: FeedSettings;
  http: HttpSettings;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// zod's functional API (zod/mini): the classic API's chained methods kept the whole of zod in the
// bundle (0.78 MB compiled at every start). Its messages in English, as the classic API gives them.
z.config(en());

/** A trimmed string; an empty one is unset. */
const optionalString = z.optional(z.pipe(z.string().check(z.trim()), z.transform((v) => (v === '' ? undefined : v))));
/** An optional string that must pass `valid` when set. */
const optionalWhere = (valid: (v: string) => boolean, message: string) => optionalString.check(z.refine((v) => v === undefined || valid(v), message));

/** A number; an empty value means the default, not 0. */
const number = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform((v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)), schema);
const wholeNumber = (min: number, max: number) => z.pipe(z.coerce.number(), z.int().check(z.gte(min), z.lte(max)));
/** An integer from min to max; the default when unset or empty. */
const integer = (min: number, max: number, fallback: number) => number(z._default(wholeNumber(min, max), fallback));
/** A number from min to max; the default when unset or empty. */
const decimal = (min: number, max: number, fallback: number) => number(z._default(z.coerce.number().check(z.gte(min), z.lte(max)), fallback));
/** A trimmed string of at least one character; the default when unset. */
const text = (fallback: string) => z._default(z.string().check(z.trim(), z.minLength(1)), fallback);

const flag = z.optional(
  z.pipe(
    z.string().check(
      z.trim(),
      z.toLowerCase(),
      z.refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''].includes(v), 'must be true or false'),
    ),
    z.transform((v) => (v === '' ? undefined : ['true', '1', 'yes', 'on'].includes(v))),
  ),
);

const origins = z.pipe(
  z.optional(z.string().check(z.trim())),
  z.transform((v, ctx) => {
    if (!v) return [] as string[];
    if (v === '*') return '*' as const;
    const list = v.split(',').map((o) => o.trim()).filter(Boolean);
    for (const origin of list) {
      if (!isOrigin(origin)) {
        ctx.issues.push({ code: 'custom', input: v, message: `"${origin}" is not an origin like https://console.example.com (scheme, host and port only), nor *` });
      }
    }
    return list.map((o) => o.replace(/\/$/, '')); // an origin has no path; a trailing slash is forgiven
  }),
);

const schema = z.object({
  // `Production`, ` production ` mean production too.
  NODE_ENV: z.optional(z.string().check(z.trim(), z.toLowerCase())),
  PORT: integer(0, 65535, 4000),
  HOST: optionalString,
  LOG_LEVEL: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  DATA_DIR: text('./data'),
  DATABASE_URL: optionalWhere((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL (leave unset for the embedded SQLite store)'),
  AUTH_JWT_SECRET: optionalWhere((v) => v.length >= 32, 'must be at least 32 characters'),
  AUTH_JWKS_URL: optionalWhere(isHttpUrl, 'must be an absolute http(s) URL'),
  AUTH_ISSUER: text('client-providers-dev'),
  AUTH_AUDIENCE: text('client-providers'),
  SECRETS_KEY: optionalWhere((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)'),
  CLIENT_SECRET_ROTATION_GRACE_SECONDS: integer(0, 30 * 86400, 86400),
  DELETION_RETRY_INTERVAL_SECONDS: integer(0, 86400, 30),
  RECOVERY_INTERVAL_SECONDS: decimal(0, 86400, 30),
  INTENT_LEASE_GRACE_SECONDS: decimal(0, 3600, 30),
  FAULT_POINT: optionalString,
  RECONCILE_INTERVAL_SECONDS: integer(0, 30 * 86400, 86400),
  RECONCILE_MAX_CLIENTS: integer(1, 100_000, 500),
  RECONCILE_PACE_MS: integer(0, 60_000, 100),
  AUDIT_RETENTION_DAYS: integer(0, 36_500, 365),
  SECRET_EXPIRY_WARNING_DAYS: integer(0, 365, 14),
  TOKEN_CACHE_MAX_ENTRIES: integer(1, 10_000_000, 100_000),
  TOKEN_CACHE_MAX_TTL_SECONDS: integer(0, 3600, 60),
  TOKEN_CACHE_NEGATIVE_TTL_SECONDS: integer(0, 300, 5),
  CACHE_INVALIDATION_POLL_SECONDS: decimal(0.05, 60, 1),
  CACHE_INVALIDATION_MAX_LAG_SECONDS: decimal(0.1, 300, 5),
  IDP_ALLOWED_NETWORKS: z.pipe(
    z.optional(z.string()),
    z.transform((v, ctx) => {
      const entries = (v ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
      try {
        AddressPolicy.allowing(entries);
      } catch (error) {
        ctx.issues.push({ code: 'custom', input: v, message: `${(error as Error).message} (example: 10.20.0.0/16,fd00:1::/32,idp.corp.example)` });
      }
      return entries;
    }),
  ),
  IDP_MAX_RESPONSE_BYTES: integer(65_536, 268_435_456, DEFAULT_MAX_RESPONSE_BYTES),
  QUERY_MAX_DEPTH: integer(1, 100, DEFAULT_QUERY_LIMITS.maxDepth),
  QUERY_MAX_ALIASES: integer(0, 1000, DEFAULT_QUERY_LIMITS.maxAliases),
  QUERY_MAX_DIRECTIVES: integer(0, 1000, DEFAULT_QUERY_LIMITS.maxDirectives),
  QUERY_MAX_TOKENS: integer(100, 1_000_000, DEFAULT_QUERY_LIMITS.maxTokens),
  QUERY_MAX_COST: integer(1, 100_000_000, DEFAULT_QUERY_LIMITS.maxCost),
  QUERY_HEAVY_COST: integer(1, 100_000_000, DEFAULT_QUERY_LIMITS.heavyCost),
  QUERY_HEAVY_CONCURRENCY: integer(1, 1000, DEFAULT_QUERY_LIMITS.heavyConcurrency),
  QUERY_HEAVY_MAX_WAITING: integer(0, 100_000, DEFAULT_QUERY_LIMITS.heavyMaxWaiting),
  CORS_ORIGINS: origins,
  PLAYGROUND: flag,
  GRAPHQL_INTROSPECTION: flag,
  GRAPHQL_COMPILE_AFTER_RUNS: z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v)),
    z._default(z.union([z.literal('never'), wholeNumber(0, 1_000_000)]), DEFAULT_COMPILE_AFTER_RUNS),
  ),
  REMEMBERED_ANSWERS_MAX_BYTES: integer(0, 4 * 1024 * 1024 * 1024, DEFAULT_REMEMBERED_ANSWERS_BYTES),
  METRICS: flag,
  METRICS_PORT: number(z.optional(wholeNumber(0, 65535))),
  METRICS_TOKEN: optionalWhere((v) => /^[\x21-\x7e]{16,512}$/.test(v), 'must be 16 to 512 visible ASCII characters'),
  SHUTDOWN_GRACE_SECONDS: decimal(0, 600, 10),
});

const isOrigin = (value: string) => isHttpUrl(value) && new URL(value).origin === value.replace(/\/$/, '');

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

interface DevSecrets {
  jwtSecret: string;
  secretsKey: string;
}

/** The embedded default keeps generated secrets beside the database so restarts keep working. */
function loadOrCreateDevSecrets(dataDir: string): { secrets: DevSecrets; created: boolean } {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) {
    return { secrets: JSON.parse(readFileSync(file, 'utf8')) as DevSecrets, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    secretsKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { secrets, created: true };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): { config: Config; warnings: string[] } {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const s = parsed.data;
  const warnings: string[] = [];
  const dataDir = resolve(s.DATA_DIR);
  const embedded = s.DATABASE_URL === undefined;
  // Exactly as Express reads it (which hides stack traces only for this exact value).
  const production = s.NODE_ENV === 'production';

  if (s.AUTH_JWT_SECRET && s.AUTH_JWKS_URL) {
    throw new ConfigError('Invalid configuration:\n  AUTH_JWT_SECRET, AUTH_JWKS_URL: set one, not both');
  }
  const needsDevSecrets = (!s.AUTH_JWT_SECRET && !s.AUTH_JWKS_URL) || !s.SECRETS_KEY;
  if (needsDevSecrets && !embedded) {
    const missing = [
      !s.AUTH_JWT_SECRET && !s.AUTH_JWKS_URL ? 'AUTH_JWT_SECRET or AUTH_JWKS_URL' : undefined,
      !s.SECRETS_KEY ? 'SECRETS_KEY' : undefined,
    ].filter(Boolean);
    throw new ConfigError(
      `Invalid configuration:\n  ${missing.join(', ')}: required when DATABASE_URL is set (generated secrets are for the embedded store only)`,
    );
  }
  let dev: DevSecrets | undefined;
  if (needsDevSecrets) {
    const { secrets, created } = loadOrCreateDevSecrets(dataDir);
    dev = secrets;
    warnings.push(
      `${created ? 'Generated' : 'Using'} development secrets in ${join(dataDir, 'dev-secrets.json')}; ` +
        'set AUTH_JWT_SECRET (or AUTH_JWKS_URL) and SECRETS_KEY for any shared deployment',
    );
  }

  // Decided here once: a JWT secret from dev-secrets.json signs tokens for a development machine only.
  const generatedJwtSecret = !s.AUTH_JWT_SECRET && !s.AUTH_JWKS_URL;
  const jwtSecret = generatedJwtSecret ? dev!.jwtSecret : s.AUTH_JWT_SECRET;
  const playground = s.PLAYGROUND ?? !production;
  const config: Config = {
    port: s.PORT,
    host: s.HOST,
    logLevel: s.LOG_LEVEL,
    store: embedded
      ? { kind: 'sqlite', file: join(dataDir, 'client-providers.sqlite3') }
      : { kind: 'postgresql', url: s.DATABASE_URL! },
    auth: {
      jwtSecret: jwtSecret ? new TextEncoder().encode(jwtSecret) : undefined,
      jwksUrl: s.AUTH_JWKS_URL ? new URL(s.AUTH_JWKS_URL) : undefined,
      issuer: s.AUTH_ISSUER,
      audience: s.AUTH_AUDIENCE,
    },
    secretsKey: Buffer.from(s.SECRETS_KEY ?? dev!.secretsKey, 'base64'),
    clientSecretRotationGraceSeconds: s.CLIENT_SECRET_ROTATION_GRACE_SECONDS,
    deletionRetryIntervalSeconds: s.DELETION_RETRY_INTERVAL_SECONDS,
    recoveryIntervalSeconds: s.RECOVERY_INTERVAL_SECONDS,
    intentLeaseGraceSeconds: s.INTENT_LEASE_GRACE_SECONDS,
    faultPoint: s.NODE_ENV === 'test' ? s.FAULT_POINT : undefined,
    reconcileIntervalSeconds: s.RECONCILE_INTERVAL_SECONDS,
    reconciliation: { maxClients: s.RECONCILE_MAX_CLIENTS, paceMs: s.RECONCILE_PACE_MS, secretWarningMs: s.SECRET_EXPIRY_WARNING_DAYS * 86_400_000 },
    auditRetentionDays: s.AUDIT_RETENTION_DAYS,
    tokenCache: {
      maxEntries: s.TOKEN_CACHE_MAX_ENTRIES,
      maxPositiveTtlMs: s.TOKEN_CACHE_MAX_TTL_SECONDS * 1000,
      negativeTtlMs: s.TOKEN_CACHE_NEGATIVE_TTL_SECONDS * 1000,
    },
    idpAllowedNetworks: s.IDP_ALLOWED_NETWORKS,
    idpMaxResponseBytes: s.IDP_MAX_RESPONSE_BYTES,
    queryLimits: {
      maxDepth: s.QUERY_MAX_DEPTH,
      maxAliases: s.QUERY_MAX_ALIASES,
      maxDirectives: s.QUERY_MAX_DIRECTIVES,
      maxTokens: s.QUERY_MAX_TOKENS,
      maxCost: s.QUERY_MAX_COST,
      heavyCost: s.QUERY_HEAVY_COST,
      heavyConcurrency: s.QUERY_HEAVY_CONCURRENCY,
      heavyMaxWaiting: s.QUERY_HEAVY_MAX_WAITING,
    },
    invalidations: {
      pollMs: Math.round(s.CACHE_INVALIDATION_POLL_SECONDS * 1000),
      maxLagMs: Math.round(s.CACHE_INVALIDATION_MAX_LAG_SECONDS * 1000),
    },
    http: {
      corsOrigins: s.CORS_ORIGINS,
      playground,
      // Anyone on this machine may then sign in as anyone: never with a secret that protects
      // something, never in production.
      playgroundSignIn: playground && generatedJwtSecret && !production,
      introspection: s.GRAPHQL_INTROSPECTION ?? !production,
      compileAfterRuns: s.GRAPHQL_COMPILE_AFTER_RUNS === 'never' ? null : s.GRAPHQL_COMPILE_AFTER_RUNS,
      rememberedAnswersMaxBytes: s.REMEMBERED_ANSWERS_MAX_BYTES,
      metrics: s.METRICS ?? true,
      metricsPort: s.METRICS_PORT,
      metricsToken: s.METRICS_TOKEN,
      shutdownGraceMs: Math.ceil(s.SHUTDOWN_GRACE_SECONDS * 1000),
    },
  };
  if (config.http.playgroundSignIn) {
    warnings.push(
      'The playground offers sign-in with the development JWT secret: anyone on this machine gets a token for any organization and role ' +
        '(callers from elsewhere are refused); PLAYGROUND=false or AUTH_JWT_SECRET turns it off',
    );
  }
  return { config, warnings };
}
