import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { authorizeToken } from '../../domains/tokens/token-authorizer.js';
import { TokenAuthorization } from './token.type.js';

@Resolver()
export class TokenResolver {
  @Query(() => TokenAuthorization, {
    description: 'For API gateways enforcing an OAuth 2.0 policy (roles gateway or organization_admin): may this token call APIs in the environment?',
  })
  authorizeToken(
    @Arg('environmentId', () => ID) environmentId: string,
    @Arg('token', () => String) token: string,
    @Arg('requiredScopes', () => [String], { nullable: true }) requiredScopes: string[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    return authorizeToken(ctx, environmentId, token, requiredScopes ?? []);
  }
}
