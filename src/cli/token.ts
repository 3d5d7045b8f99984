// Prints a bearer token that the running server accepts (HS256 configuration only), and nothing else.
//   npm run -s token -- --org acme --roles organization_admin [--sub alice] [--ttl 8h]
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { DEFAULT_SUBJECT, signToken } from '../http/auth.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    roles: { type: 'string', default: '' },
    sub: { type: 'string', default: DEFAULT_SUBJECT },
    ttl: { type: 'string', default: '8h' },
  },
  strict: true,
});
if (!values.org) fail('Usage: npm run -s token -- --org <org> --roles <role,...> [--sub <user>] [--ttl 8h]');

let config;
try {
  ({ config } = loadConfig());
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
if (!config.auth.jwtSecret) fail('Tokens can only be minted with an HS256 secret (AUTH_JWT_SECRET); this server uses AUTH_JWKS_URL.');

const roles = values.roles.split(',').map((role) => role.trim()).filter(Boolean);
const token = await signToken(config.auth, { sub: values.sub, org: values.org, roles }, values.ttl);
process.stdout.write(`${token}\n`);
