import { Migration } from '@mikro-orm/migrations';

/** When each client's secret expires in its IdP, for clients(secretExpiresBefore:) and the client_secrets_expiring gauge. */
export class Migration20261202060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `client` add column `secret_expires_at` datetime null');
    this.addSql('create index `client_secret_expires_index` on `client` (`secret_expires_at`)');
    this.addSql('create index `client_org_secret_expires_index` on `client` (`org_id`, `secret_expires_at`)');
  }
}
