import {
  CreateClientProviderDocument,
  CreateEnvironmentDocument,
  LinkClientProviderDocument,
  RegisterClientDocument,
  type CreateClientProviderInput,
  type EnvironmentType,
  type LinkClientProviderInput,
  type RegisterClientInput,
} from '../generated/graphql.js';
import type { Caller, TestApp } from './app.js';
import { INTROSPECTOR, type TestIdp } from './idp.js';

/**
 * The set-up many tests share, through the API as an administrator would do it: providers,
 * environments, links and clients. Each step fails (the test, or a benchmark) on a userError, and
 * answers what the mutation answered. No vitest import, so scripts use it too.
 */

function refuseUserErrors(userErrors: { code: string; message: string }[]): void {
  if (userErrors.length > 0) throw new Error(`unexpected userErrors: ${JSON.stringify(userErrors)}`);
}

/**
 * A provider for the real OpenID provider: `idp` stands for its vendor, issuer, initial access
 * token (as `Bearer …`) and introspection client; the rest is the input as given, and overrides.
 */
type TestIdpProviderInput = { idp: TestIdp; name: string } & Partial<CreateClientProviderInput>;

export async function seedProvider(t: TestApp, caller: Caller, input: CreateClientProviderInput | TestIdpProviderInput) {
  const { createClientProvider } = await t.run(caller, CreateClientProviderDocument, { input: 'idp' in input ? forTestIdp(input) : input });
  refuseUserErrors(createClientProvider.userErrors);
  return createClientProvider.clientProvider!;
}

function forTestIdp({ idp, ...input }: TestIdpProviderInput): CreateClientProviderInput {
  return {
    vendor: 'GENERIC_OIDC',
    issuer: idp.issuer,
    registrationAuthorization: `Bearer ${idp.initialAccessToken}`,
    introspectionClientId: INTROSPECTOR.clientId,
    introspectionClientSecret: INTROSPECTOR.clientSecret,
    ...input,
  };
}

/** A new environment, linked to the organization's built-in provider (its default). */
export async function seedEnvironment(t: TestApp, caller: Caller, name: string, type: EnvironmentType = 'PRODUCTION') {
  const { createEnvironment } = await t.run(caller, CreateEnvironmentDocument, { input: { name, type } });
  refuseUserErrors(createEnvironment.userErrors);
  return createEnvironment.environment!;
}

/** Links a provider to an environment; answers the environment with its providers and default. */
export async function seedLink(t: TestApp, caller: Caller, input: LinkClientProviderInput) {
  const { linkClientProvider } = await t.run(caller, LinkClientProviderDocument, { input });
  refuseUserErrors(linkClientProvider.userErrors);
  return linkClientProvider.environment!;
}

/** A new environment whose default provider is the given one (the built-in one stays linked). */
export async function seedLinkedEnvironment(t: TestApp, caller: Caller, clientProviderId: string, name: string, type: EnvironmentType = 'PRODUCTION') {
  const environment = await seedEnvironment(t, caller, name, type);
  return seedLink(t, caller, { environmentId: environment.id, clientProviderId, makeDefault: true });
}

/** A registered client, and its secret as registerClient returned it (once). */
export async function seedClient(t: TestApp, caller: Caller, input: RegisterClientInput) {
  const { registerClient } = await t.run(caller, RegisterClientDocument, { input });
  refuseUserErrors(registerClient.userErrors);
  return { client: registerClient.client!, clientSecret: registerClient.clientSecret };
}
