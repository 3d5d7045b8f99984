import { Migration } from '@mikro-orm/migrations';

/** Registration by client credentials: the registration client's id, sealed secret and scopes. */
export class Migration20261202080000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `client_provider` add column `registration_client_id` text null');
    this.addSql('alter table `client_provider` add column `registration_client_secret_sealed` text null');
    this.addSql('alter table `client_provider` add column `registration_scopes` json null');
  }
}
