import { randomBytes } from 'node:crypto';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors.js';
import type { RequestContext } from '../../graphql/context.js';
import { findProvider } from '../../store/lookups.js';
import type { VendorAdapter } from '../../vendors/adapter.js';
import { adapterFor } from '../../vendors/adapters.js';
import { sameIssuer, sameOriginAs } from '../clients/idp-clients.js';
import { ProviderError } from '../../vendors/provider-error.js';

@InputType('TestClientProviderInput')
export class TestClientProviderInput {
  @Field(() => ID) id!: string;
}

@ObjectType('ProviderCheck', { description: 'One check of a connection test.' })
export class ProviderCheck {
  @Field(() => String, { description: 'discovery, registration_authorization or introspection_client.' }) name!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true }) message!: string | null;
}

@ObjectType('TestClientProviderPayload')
export class TestClientProviderPayload {
  @Field(() => Boolean, { description: 'Whether every check passed.' }) ok!: boolean;
  @Field(() => [ProviderCheck]) checks!: ProviderCheck[];
  @Field(() => [UserError]) userErrors!: UserError[];
}

const check = (name: string, ok: boolean, message: string): ProviderCheck => Object.assign(new ProviderCheck(), { name, ok, message });
const failure = (error: unknown) => (error instanceof ProviderError ? `${error.code}: ${error.message}` : 'Unexpected failure; see the server log');

/**
 * Checks a provider's configuration against the IdP without leaving anything behind: discovery and
 * its issuer, the registration authorization, the introspection client's credentials.
 */
export async function testClientProvider(ctx: RequestContext, input: TestClientProviderInput): Promise<ProviderCheck[]> {
  const { org } = ctx.admin();
  const provider = await findProvider(ctx.em, org, input.id, 'id');
  if (provider.builtIn) return [check('built_in', true, 'The built-in provider issues credentials itself; there is nothing to connect to')];
  const { secrets, providerHttp, logger } = ctx.app;
  const log = (error: unknown) => {
    if (!(error instanceof ProviderError)) logger.error({ err: error, providerId: provider.id }, 'connection test failed unexpectedly');
  };

  let discovered: { registrationUrl?: string | null; introspectionUrl?: string | null } = {};
  let discovery: ProviderCheck;
  try {
    const found = await adapterFor(provider, secrets, providerHttp).discover();
    const same = sameIssuer(found.issuer, provider.issuer);
    discovery = check('discovery', same, same ? `Discovery answers for issuer ${found.issuer}` : `Discovery asserts the issuer ${found.issuer.slice(0, 300)}, not ${provider.issuer}`);
    const onIssuerOrigin = sameOriginAs(provider.issuer ?? '');
    discovered = { registrationUrl: onIssuerOrigin(found.registrationUrl), introspectionUrl: onIssuerOrigin(found.introspectionUrl) };
  } catch (error) {
    log(error);
    discovery = check('discovery', false, failure(error));
  }
  // URLs left empty are tried from discovery, as registration would; nothing is saved here.
  const overrides = {
    registrationUrl: provider.registrationUrl ?? discovered.registrationUrl ?? null,
    introspectionUrl: provider.introspectionUrl ?? discovered.introspectionUrl ?? null,
  };
  const run = async (name: string, ok: string, work: (adapter: VendorAdapter) => Promise<unknown>): Promise<ProviderCheck> => {
    try {
      await work(adapterFor(provider, secrets, providerHttp, overrides));
      return check(name, true, ok);
    } catch (error) {
      log(error);
      return check(name, false, failure(error));
    }
  };
  const registration = await run('registration_authorization', 'The registration authorization is accepted', (adapter) => adapter.probeRegistration());
  const introspection = await run('introspection_client', 'The introspection client’s credentials are accepted', (adapter) =>
    adapter.introspect(`connection-test-${randomBytes(16).toString('hex')}`),
  );
  return [discovery, registration, introspection];
}
