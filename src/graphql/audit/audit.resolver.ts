import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Ctx, Info, Query, Resolver } from 'type-graphql';
import { parseGlobalId, type NodeType } from '../../core/ids.js';
import { countAuditEvents, findAuditPage, type AuditFilter } from '../../store/audit-trail.js';
import { Access } from '../auth-checker.js';
import { countFor, pageArgs } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { AuditEventConnection, AuditEventsArgs, AuditEventType } from './audit-event.type.js';

@Resolver(() => AuditEventType)
export class AuditResolver {
  @Authorized(Access.ADMIN)
  @Query(() => AuditEventConnection, {
    description: 'The organization’s audit trail, newest first (organization_admin): every change made through the API and every IdP call that changes something there.',
  })
  async auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const filter: AuditFilter = {
      org: ctx.principal.org,
      providerId: idOf(args.clientProviderId, 'ClientProvider', 'clientProviderId'),
      clientId: idOf(args.clientId, 'Client', 'clientId'),
      environmentId: idOf(args.environmentId, 'Environment', 'environmentId'),
      actor: args.actor ?? undefined,
      since: args.since ?? undefined,
    };
    if (filter.actor !== undefined && filter.actor.length > 255) throw badUserInput('actor must be at most 255 characters', 'actor');
    const range = pageArgs(args);
    const countAll = countFor(info, () => countAuditEvents(ctx.em, filter));
    return AuditEventConnection.from(await findAuditPage(ctx.em, filter, range), AuditEventType.from, countAll);
  }
}

/** A filter's global ID as a store ID; one of another type, or not an ID at all, is a bad argument. */
function idOf(globalId: string | null | undefined, type: NodeType, argument: string): string | undefined {
  if (globalId === null || globalId === undefined) return undefined;
  const id = parseGlobalId(globalId, type);
  if (!id) throw badUserInput(`${argument} is not the ID of a ${type}`, argument);
  return id;
}
