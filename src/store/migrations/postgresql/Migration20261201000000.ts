import { Migration } from '@mikro-orm/migrations';

/** A client's client_id is unknown while its registration is under way: null, not an invented placeholder. */
export class Migration20261201000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "client" alter column "client_id" drop not null');
    this.addSql(`update "client" set "client_id" = null where "status" = 'REGISTERING'`);
  }
}
