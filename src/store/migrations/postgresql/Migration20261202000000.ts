import { Migration } from '@mikro-orm/migrations';

/** Intents for IdP side effects (written before the call, completed with its result), and the UNRESOLVED status with a message. */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "idp_intent" ("id" uuid not null, "org_id" varchar(255) not null, "provider_id" uuid not null, "client_row_id" uuid not null, ' +
        `"operation" text check ("operation" in ('REGISTER', 'UPDATE', 'ROTATE', 'DELETE')) not null, "client_name" varchar(100) not null, ` +
        '"idp_client_id" varchar(255) null, "sent" jsonb null, "created_at" timestamptz not null, "lease_until" timestamptz not null, ' +
        '"attempts" int not null default 0, "last_error" text null, constraint "idp_intent_pkey" primary key ("id"))',
    );
    this.addSql('create index "idp_intent_lease_index" on "idp_intent" ("lease_until")');
    // Placeholders of registrations a crash interrupted before intents existed: recovery's from now on.
    this.addSql("insert into idp_intent (id, org_id, provider_id, client_row_id, operation, client_name, created_at, lease_until) select id, org_id, provider_id, id, 'REGISTER', name, created_at, created_at from client where status = 'REGISTERING'");
    this.addSql('alter table "client" drop constraint if exists "client_status_check"');
    this.addSql('alter table "client" add column "status_message" text null');
    this.addSql(`alter table "client" add constraint "client_status_check" check("status" in ('ACTIVE', 'DELETING', 'DELETED_IN_PROVIDER', 'ORPHANED', 'REGISTERING', 'UNRESOLVED'))`);
  }
}
