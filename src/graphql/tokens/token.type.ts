import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { TokenDenial } from '../../core/model.js';
import type { TokenVerdict } from '../../domains/tokens/token-authorizer.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { ClientRow } from '../../store/rows.js';
import { ClientProviderNode } from '../client-providers/client-provider.type.js';
import { ClientNode, type ReadTime } from '../clients/client.type.js';

registerEnumType(TokenDenial, {
  name: 'TokenDenial',
  description: 'Why a token is not authorized.',
  valuesConfig: {
    INACTIVE: { description: 'The IdP (or local JWT validation) does not vouch for it; unknown and malformed tokens too.' },
    EXPIRED: { description: 'The IdP says active, but its exp has passed.' },
    CLIENT_NOT_REGISTERED: { description: 'Its client is unknown to the platform: never registered here, or deleted.' },
    CLIENT_NOT_ACTIVE: { description: 'Its client is registered but not ACTIVE, e.g. DELETING.' },
    CLIENT_IN_OTHER_ENVIRONMENT: { description: 'Its client is registered in another environment.' },
    MISSING_SCOPES: { description: 'A required scope is missing (see missingScopes).' },
  },
});

@ObjectType('TokenAuthorization', { description: 'What an API gateway needs to decide on a bearer token: act on `authorized`.' })
export class TokenAuthorization {
  @Field(() => Boolean, {
    description:
      'Whether to let the call through: active, unexpired, issued to a registered ACTIVE client of this environment (unless requireRegisteredClient is false), with every required scope.',
  })
  authorized!: boolean;
  @Field(() => TokenDenial, { nullable: true, description: 'Why not; null when authorized.' }) denial!: TokenDenial | null;
  @Field(() => Boolean, { description: 'What the IdP (or local JWT validation) said; not a verdict on its own.' }) active!: boolean;
  @Field(() => String, { nullable: true }) clientId!: string | null;
  @Field(() => [String]) scopes!: string[];
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) expiresAt!: Date | null;
  @Field(() => [String], { description: 'Of the required scopes, those the token lacks.' }) missingScopes!: string[];

  // What `client` and `clientProvider` are made from, made into nodes only when a query asks for
  // them: a gateway's check seldom does, and building both for every check cost it some 5–10 % of
  // its CPU (docs/performance.md). Private fields: not enumerable, so nothing that serialises the
  // object carries the provider's entity along.
  #clientRow: ClientRow | null = null;
  #provider: ClientProvider | null = null;
  #readTime: (() => ReadTime) | undefined;

  @Field(() => ClientNode, { nullable: true, description: 'The registered client the token was issued to, when known in this environment.' })
  get client(): ClientNode | null {
    return this.#clientRow && ClientNode.from(this.#clientRow, this.#readTime!());
  }

  @Field(() => ClientProviderNode, { nullable: true, description: 'The provider that vouched for the token.' })
  get clientProvider(): ClientProviderNode | null {
    return this.#provider && ClientProviderNode.from(this.#provider);
  }

  /** The verdict as a gateway reads it (the IdP's other claims are not shown); `readTime` is the request's, called only if the client is shown. */
  static from(verdict: TokenVerdict, readTime: () => ReadTime): TokenAuthorization {
    const node = new TokenAuthorization();
    node.authorized = verdict.authorized;
    node.denial = verdict.denial;
    node.active = verdict.active;
    node.clientId = verdict.clientId;
    node.scopes = verdict.scopes;
    node.subject = verdict.subject;
    node.expiresAt = verdict.expiresAt;
    node.missingScopes = verdict.missingScopes;
    node.#clientRow = verdict.client;
    node.#provider = verdict.provider;
    node.#readTime = readTime;
    return node;
  }
}
