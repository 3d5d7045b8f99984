import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { UserError } from '../../core/errors.js';
import { ReconciliationFindingKind } from '../../core/model.js';
import type { ReconciliationFinding, ReconciliationReport } from '../../domains/client-providers/reconciliation.js';
import { UserErrorType } from '../payloads.js';
import { ClientProviderNode } from './client-provider.type.js';

registerEnumType(ReconciliationFindingKind, { name: 'ReconciliationFindingKind' });

@ObjectType('ReconciliationFinding', { description: 'One thing reconciliation found about a client, or about an IdP client the platform does not know.' })
export class ReconciliationFindingType {
  clientRowId!: string | null;
  @Field(() => ReconciliationFindingKind) kind!: ReconciliationFindingKind;
  @Field(() => String, { nullable: true, description: 'The client_id in the identity provider.' }) clientId!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'For DRIFT and secret expiry: which field.' }) field!: string | null;
  @Field(() => String, { nullable: true, description: 'The value the platform holds.' }) stored!: string | null;
  @Field(() => String, { nullable: true, description: 'The value the identity provider holds.' }) inProvider!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType('ReconciliationReport', { description: 'What the last reconciliation of a provider’s clients with its IdP found.' })
export class ReconciliationReportType {
  @Field(() => DateTimeResolver) ranAt!: Date;
  @Field(() => Int, { description: 'Clients read back from the identity provider.' }) checked!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Clients gone in the IdP, now DELETED_IN_PROVIDER.' }) goneInProvider!: number;
  @Field(() => Int) drifted!: number;
  @Field(() => Int, { description: 'Secrets expired or expiring within SECRET_EXPIRY_WARNING_DAYS.' }) secretsExpiring!: number;
  @Field(() => Int, { description: 'Clients the IdP could not be asked about (see note and findings).' }) notChecked!: number;
  @Field(() => Int) orphans!: number;
  @Field(() => Int) orphansRemoved!: number;
  @Field(() => Boolean, { description: 'More clients than one run reads (RECONCILE_MAX_CLIENTS); the rest wait for the next run.' }) truncated!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => [ReconciliationFindingType]) findings!: ReconciliationFindingType[];

  static from(report: ReconciliationReport): ReconciliationReportType {
    return Object.assign(new ReconciliationReportType(), {
      ...report,
      ranAt: new Date(report.ranAt),
      findings: report.findings.map((finding: ReconciliationFinding) => Object.assign(new ReconciliationFindingType(), finding)),
    });
  }
}

@InputType('ReconcileClientProviderInput')
export class ReconcileClientProviderInput {
  @Field(() => ID) id!: string;
  @Field(() => [String], { nullable: true, description: 'client_ids of ORPHAN findings (from an earlier report) to delete in the identity provider.' })
  removeOrphans?: string[] | null;
}

@ObjectType('ReconcileClientProviderPayload')
export class ReconcileClientProviderPayload {
  @Field(() => ClientProviderNode, { nullable: true }) clientProvider!: ClientProviderNode | null;
  @Field(() => ReconciliationReportType, { nullable: true }) report!: ReconciliationReportType | null;
  @Field(() => [UserErrorType]) userErrors!: UserError[];
}
