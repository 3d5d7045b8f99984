import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../connection.js';
import { toGlobalId } from '../../core/ids.js';
import { Node } from '../node.js';
import { ClientStatus } from '../../core/model.js';
import type { Page } from '../../core/pages.js';
import type { ClientRow } from '../../store/rows.js';

registerEnumType(ClientStatus, { name: 'ClientStatus' });

@Directive('@key(fields: "id")')
@ObjectType('Client', { implements: Node, description: 'A client application registered with a provider in an environment.' })
export class ClientNode extends Node {
  readonly nodeType = 'Client' as const;
  dbId!: string;
  environmentId!: string;
  providerId!: string;

  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true, description: 'The client_id as issued by the provider; null only while that is not known (REGISTERING, UNRESOLVED).' })
  clientId!: string | null;
  @Field(() => [String]) redirectUris!: string[];
  @Field(() => [String]) grantTypes!: string[];
  @Field(() => [String]) scopes!: string[];
  @Field(() => ClientStatus) status!: ClientStatus;
  @Field(() => Boolean, { description: 'Whether a client secret is stored; it is never readable after registration.' })
  hasClientSecret!: boolean;
  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Until when the secret replaced by the last rotation is still accepted.',
  })
  previousSecretExpiresAt!: Date | null;
  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'When the identity provider says the current secret expires (its client_secret_expires_at); null when it never does or the provider does not say.',
  })
  secretExpiresAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The identity provider’s last refusal, e.g. while DELETING, or while the secret a rotation replaced cannot be retired there yet.' })
  lastProviderError!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What the status means for this client and what to do: while UNRESOLVED, what to look for in the identity provider; while ORPHANED, why.',
  })
  statusMessage!: string | null;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;

  /** At `time` (the domain's clock): a replaced secret's overlap is shown only while it lasts, as verification counts it, and its end noted as a change. */
  static from(entity: ClientRow, time: ReadTime): ClientNode {
    // Assigned one by one (not Object.assign of a literal): a page makes hundreds of these.
    const node = new ClientNode();
    node.id = toGlobalId('Client', entity.id);
    node.dbId = entity.id;
    node.environmentId = entity.environment.id;
    node.providerId = entity.provider.id;
    node.name = entity.name;
    node.description = entity.description;
    node.clientId = entity.clientId;
    node.redirectUris = entity.redirectUris;
    node.grantTypes = entity.grantTypes;
    node.scopes = entity.scopes;
    node.status = entity.status;
    node.hasClientSecret = entity.hasClientSecret;
    const previousUntil = entity.previousSecretExpiresAt?.getTime();
    if (previousUntil !== undefined && previousUntil > time.now) {
      node.previousSecretExpiresAt = entity.previousSecretExpiresAt;
      time.changesAt(previousUntil);
    } else node.previousSecretExpiresAt = null;
    node.secretExpiresAt = entity.secretExpiresAt;
    node.lastProviderError = entity.lastProviderError;
    node.statusMessage = entity.statusMessage;
    node.createdAt = entity.createdAt;
    node.updatedAt = entity.updatedAt;
    return node;
  }
}

export const ClientConnection = ConnectionType('Client', ClientNode);

/** A page of clients as a connection, every node built at the same moment. */
export function clientConnection(page: Page<ClientRow>, time: ReadTime, countAll: () => Promise<number>) {
  return ClientConnection.from(page, (row) => ClientNode.from(row, time), countAll);
}

/**
 * The moment a request reads at (ms, the domain's clock), and where it notes the moments at which
 * something it shows will change by time alone, with no write (GraphQLContext.readTime): an answer
 * remembered for later holds only until the first of them (graphql/remembered-answers.ts).
 */
export interface ReadTime {
  readonly now: number;
  /** What is shown changes at this moment (after `now`) without any write. */
  changesAt(moment: number): void;
}
