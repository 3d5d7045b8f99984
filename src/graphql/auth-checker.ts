import type { AuthChecker } from 'type-graphql';
import { ADMIN_ROLE, GATEWAY_ROLE, type Principal } from '../core/caller.js';
import type { GraphQLContext } from './context.js';
import { forbidden, tokenRequired } from './errors.js';

/** Who may resolve a field, as declared with @Authorized(Access.…) on resolvers. */
export enum Access {
  /** A person of the organization (not a gateway's service principal). */
  MEMBER = 'MEMBER',
  ADMIN = 'ADMIN',
  /** A gateway, or an administrator trying what a gateway would. */
  GATEWAY = 'GATEWAY',
}

/** The caller, when it may have the access; otherwise this project's UNAUTHENTICATED or FORBIDDEN error. */
export function assertAccess(caller: Principal | null, access: Access): Principal {
  if (!caller) throw tokenRequired();
  if (access === Access.GATEWAY) {
    if (!caller.isGateway && !caller.isAdmin) throw forbidden(`Requires the ${GATEWAY_ROLE} or ${ADMIN_ROLE} role`);
    return caller;
  }
  if (!caller.isMember) throw forbidden('Service principals may only authorize tokens');
  if (access === Access.ADMIN && !caller.isAdmin) throw forbidden(`Requires the ${ADMIN_ROLE} role`);
  return caller;
}

/** type-graphql's check for @Authorized: raises the errors itself, so callers see our codes and messages. */
export const authChecker: AuthChecker<GraphQLContext, Access> = ({ context }, [access]) => {
  assertAccess(context.caller, access ?? Access.MEMBER);
  return true;
};
