import { Migration } from '@mikro-orm/migrations';

/** Each provider's last reconciliation report, and the claim of the replica running the next one. */
export class Migration20261202010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "provider_reconciliation" ("provider_id" uuid not null, "org_id" varchar(255) not null, "ran_at" timestamptz null, "report" jsonb null, "claimed_until" timestamptz null, constraint "provider_reconciliation_pkey" primary key ("provider_id"))',
    );
  }
}
