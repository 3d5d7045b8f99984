import { Migration } from '@mikro-orm/migrations';

/** Each provider's last reconciliation report, and the claim of the replica running the next one. */
export class Migration20261202010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `provider_reconciliation` (`provider_id` text not null, `org_id` text not null, `ran_at` datetime null, `report` json null, `claimed_until` datetime null, primary key (`provider_id`))',
    );
  }
}
