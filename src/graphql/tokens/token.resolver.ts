import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ErrorCode, ProviderError } from '../../core/errors.js';
import { Access } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { TokenAuthorization } from './token.type.js';

@Resolver()
export class TokenResolver {
  @Authorized(Access.GATEWAY)
  @Query(() => TokenAuthorization, {
    description: 'For API gateways enforcing an OAuth 2.0 policy (roles gateway or organization_admin): may this token call APIs in the environment?',
  })
  async authorizeToken(
    @Arg('environmentId', () => ID) environmentId: string,
    @Arg('token', () => String) token: string,
    @Arg('requiredScopes', () => [String], { nullable: true }) requiredScopes: string[] | null,
    @Arg('requireRegisteredClient', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description: 'False accepts tokens of clients the platform does not manage (client is then null); a registered client must still be ACTIVE and of this environment, and a client the platform deleted stays refused.',
    })
    requireRegisteredClient: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TokenAuthorization> {
    try {
      const verdict = await ctx.domain.tokens.authorize(ctx.principal, () => ctx.em, environmentId, token, {
        requiredScopes: requiredScopes ?? [],
        requireRegisteredClient: requireRegisteredClient ?? true,
      });
      return TokenAuthorization.from(verdict, () => ctx.readTime());
    } catch (error) {
      // No provider could answer: an error, never a quiet `active: false`, so the gateway can fail closed.
      if (!(error instanceof ProviderError)) throw error;
      throw new GraphQLError(`The identity provider could not answer: ${error.message}`, {
        extensions: { code: ErrorCode.PROVIDER_UNAVAILABLE, providerCode: error.code },
      });
    }
  }
}
