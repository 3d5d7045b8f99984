import { Migration } from '@mikro-orm/migrations';

/**
 * Searching clients (`clients(search:)`): a trigram index on lower(name), which serves
 * `lower(name) like '%…%'` (pg_trgm is a trusted extension: the database's owner may create it),
 * and (org_id, client_id) for the exact clientId.
 */
export class Migration20261202030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm');
    this.addSql('create index "client_name_trgm_index" on "client" using gin (lower("name") gin_trgm_ops)');
    this.addSql('create index "client_org_client_id_index" on "client" ("org_id", "client_id")');
  }
}
