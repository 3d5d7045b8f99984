import { Migration } from '@mikro-orm/migrations';

/** The audit trail: one row per change made through the API and per IdP call that changes something there. */
export class Migration20261202050000 extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `audit_event` (`id` text not null, `org_id` text not null, `occurred_at` datetime not null, `actor` text not null, `action` text not null, `target_id` text not null, `environment_id` text null, `provider_id` text null, `client_id` text null, `outcome` text check (`outcome` in ('SUCCESS', 'FAILURE')) not null, `error_code` text null, `summary` text not null, `changes` json null, primary key (`id`))");
    this.addSql('create index `audit_event_occurred_at_index` on `audit_event` (`occurred_at`)');
    this.addSql('create index `audit_event_org_actor_index` on `audit_event` (`org_id`, `actor`, `id`)');
    this.addSql('create index `audit_event_org_environment_index` on `audit_event` (`org_id`, `environment_id`, `id`)');
    this.addSql('create index `audit_event_org_client_index` on `audit_event` (`org_id`, `client_id`, `id`)');
    this.addSql('create index `audit_event_org_provider_index` on `audit_event` (`org_id`, `provider_id`, `id`)');
    this.addSql('create index `audit_event_org_index` on `audit_event` (`org_id`, `id`)');
  }
}
