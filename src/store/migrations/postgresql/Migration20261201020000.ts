import { Migration } from '@mikro-orm/migrations';

/** Clients the platform deleted, so that their tokens stay refused whatever their IdP still says. */
export class Migration20261201020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "deleted_client" ("id" uuid not null, "org_id" varchar(255) not null, "provider_id" uuid not null, "client_id" varchar(255) not null, "deleted_at" timestamptz not null, constraint "deleted_client_pkey" primary key ("id"))',
    );
    this.addSql('alter table "deleted_client" add constraint "deleted_client_provider_client_id_unique" unique ("provider_id", "client_id")');
  }
}
