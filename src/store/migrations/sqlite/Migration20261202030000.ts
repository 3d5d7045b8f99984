import { Migration } from '@mikro-orm/migrations';

/**
 * Searching clients (`clients(search:)`): (org_id, client_id) for the exact clientId. SQLite has no
 * index for `like '%…%'`: a search reads the organization's (or environment's, or provider's) index
 * range in id order and compares each name.
 */
export class Migration20261202030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index `client_org_client_id_index` on `client` (`org_id`, `client_id`)');
  }
}
