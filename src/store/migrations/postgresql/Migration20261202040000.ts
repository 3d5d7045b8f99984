import { Migration } from '@mikro-orm/migrations';

/** The grant types a provider's IdP says it supports (discovery's grant_types_supported). */
export class Migration20261202040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "client_provider" add column "grant_types_supported" jsonb null');
  }
}
