import { Migration } from '@mikro-orm/migrations';

/** What managing clients in an external IdP needs: its registration handle, metadata and deletion retries. */
export class Migration20261128020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `client` add column `registration_access_token_sealed` text null');
    this.addSql('alter table `client` add column `registration_client_uri` text null');
    this.addSql('alter table `client` add column `provider_metadata` json null');
    this.addSql('alter table `client` add column `deletion_attempts` integer not null default 0');
    this.addSql('alter table `client` add column `next_deletion_attempt_at` datetime null');
    this.addSql('alter table `client` add column `last_provider_error` text null');
  }
}
