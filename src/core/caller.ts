export const ADMIN_ROLE = 'organization_admin';
export const GATEWAY_ROLE = 'gateway';

/** Who is calling, from a verified bearer token: the user (sub), the organization and its roles. */
export class Principal {
  readonly roles: ReadonlySet<string>;
  constructor(
    readonly sub: string,
    readonly org: string,
    roles: readonly string[],
  ) {
    this.roles = new Set(roles);
  }

  get isAdmin(): boolean {
    return this.roles.has(ADMIN_ROLE);
  }

  /** A person of the organization, as opposed to a gateway's service principal. */
  get isMember(): boolean {
    return this.isAdmin || [...this.roles].some((role) => role !== GATEWAY_ROLE) || this.roles.size === 0;
  }

  get isGateway(): boolean {
    return this.roles.has(GATEWAY_ROLE);
  }
}

/** The clients a caller may see and manage: every client of the organization for an administrator, their own for a member. */
export interface ClientScope {
  orgId: string;
  ownerSub?: string;
}

export function clientScope(caller: Principal): ClientScope {
  return caller.isAdmin ? { orgId: caller.org } : { orgId: caller.org, ownerSub: caller.sub };
}
