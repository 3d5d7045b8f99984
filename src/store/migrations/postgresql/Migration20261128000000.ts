import { Migration } from '@mikro-orm/migrations';

/** The first schema: environments, client providers, their links and clients. */
export class Migration20261128000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "client_provider" ("id" uuid not null, "org_id" varchar(255) not null, "built_in_org_id" varchar(255) null, "name" varchar(100) not null, "description" text null, "vendor" text check ("vendor" in ('PLATFORM', 'OKTA', 'OPENAM', 'SALESFORCE', 'GENERIC_OIDC')) not null, "issuer" varchar(2048) null, "registration_url" varchar(2048) null, "registration_authorization_sealed" text null, "authorize_url" varchar(2048) null, "token_url" varchar(2048) null, "introspection_url" varchar(2048) null, "introspection_client_id" varchar(255) null, "introspection_client_secret_sealed" text null, "disable_server_certificate_validation" boolean not null default false, "allow_client_deletion" boolean not null default false, "propagate_client_changes" boolean not null default false, "request_timeout_ms" int not null default 5000, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "client_provider_pkey" primary key ("id"))`);
    this.addSql(`alter table "client_provider" add constraint "client_provider_built_in_org_unique" unique ("built_in_org_id")`);
    this.addSql(`create index "client_provider_org_id_index" on "client_provider" ("org_id", "id")`);
    this.addSql(`alter table "client_provider" add constraint "client_provider_org_name_unique" unique ("org_id", "name")`);
    this.addSql(`create table "environment" ("id" uuid not null, "org_id" varchar(255) not null, "name" varchar(100) not null, "type" text check ("type" in ('PRODUCTION', 'SANDBOX', 'DESIGN')) not null, "default_provider_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "environment_pkey" primary key ("id"))`);
    this.addSql(`create index "environment_org_id_index" on "environment" ("org_id", "id")`);
    this.addSql(`alter table "environment" add constraint "environment_org_name_unique" unique ("org_id", "name")`);
    this.addSql(`create table "client" ("id" uuid not null, "org_id" varchar(255) not null, "owner_sub" varchar(255) not null, "environment_id" uuid not null, "provider_id" uuid not null, "name" varchar(100) not null, "description" text null, "client_id" varchar(255) not null, "client_secret_sealed" text null, "previous_secret_sealed" text null, "previous_secret_expires_at" timestamptz null, "redirect_uris" jsonb not null, "grant_types" jsonb not null, "scopes" jsonb not null, "status" text check ("status" in ('ACTIVE', 'DELETING', 'DELETED_IN_PROVIDER', 'ORPHANED', 'REGISTERING')) not null default 'ACTIVE', "idempotency_key" varchar(255) null, "idempotency_fingerprint" varchar(64) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "client_pkey" primary key ("id"))`);
    this.addSql(`create index "client_org_index" on "client" ("org_id", "id")`);
    this.addSql(`create index "client_provider_index" on "client" ("provider_id", "id")`);
    this.addSql(`create index "client_environment_index" on "client" ("environment_id", "id")`);
    this.addSql(`alter table "client" add constraint "client_owner_idempotency_key_unique" unique ("org_id", "owner_sub", "idempotency_key")`);
    this.addSql(`alter table "client" add constraint "client_provider_client_id_unique" unique ("provider_id", "client_id")`);
    this.addSql(`create table "provider_link" ("id" uuid not null, "environment_id" uuid not null, "provider_id" uuid not null, "created_at" timestamptz not null, constraint "provider_link_pkey" primary key ("id"))`);
    this.addSql(`create index "provider_link_provider_index" on "provider_link" ("provider_id")`);
    this.addSql(`alter table "provider_link" add constraint "provider_link_environment_provider_unique" unique ("environment_id", "provider_id")`);
    this.addSql(`alter table "environment" add constraint "environment_default_provider_id_foreign" foreign key ("default_provider_id") references "client_provider" ("id") on update no action on delete no action`);
    this.addSql(`alter table "client" add constraint "client_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on update cascade`);
    this.addSql(`alter table "client" add constraint "client_provider_id_foreign" foreign key ("provider_id") references "client_provider" ("id") on update cascade`);
    this.addSql(`alter table "provider_link" add constraint "provider_link_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "provider_link" add constraint "provider_link_provider_id_foreign" foreign key ("provider_id") references "client_provider" ("id") on update cascade`);
  }
}
