import { Migration } from '@mikro-orm/migrations';

/** The first schema: environments, client providers, their links and clients. */
export class Migration20261128000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`client_provider\` (\`id\` text not null, \`org_id\` text not null, \`built_in_org_id\` text null, \`name\` text not null, \`description\` text null, \`vendor\` text check (\`vendor\` in ('PLATFORM', 'OKTA', 'OPENAM', 'SALESFORCE', 'GENERIC_OIDC')) not null, \`issuer\` text null, \`registration_url\` text null, \`registration_authorization_sealed\` text null, \`authorize_url\` text null, \`token_url\` text null, \`introspection_url\` text null, \`introspection_client_id\` text null, \`introspection_client_secret_sealed\` text null, \`disable_server_certificate_validation\` integer not null default false, \`allow_client_deletion\` integer not null default false, \`propagate_client_changes\` integer not null default false, \`request_timeout_ms\` integer not null default 5000, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`))`);
    this.addSql(`create unique index \`client_provider_built_in_org_unique\` on \`client_provider\` (\`built_in_org_id\`)`);
    this.addSql(`create index \`client_provider_org_id_index\` on \`client_provider\` (\`org_id\`, \`id\`)`);
    this.addSql(`create unique index \`client_provider_org_name_unique\` on \`client_provider\` (\`org_id\`, \`name\`)`);
    this.addSql(`create table \`environment\` (\`id\` text not null, \`org_id\` text not null, \`name\` text not null, \`type\` text check (\`type\` in ('PRODUCTION', 'SANDBOX', 'DESIGN')) not null, \`default_provider_id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`environment_default_provider_id_foreign\` foreign key(\`default_provider_id\`) references \`client_provider\`(\`id\`) on delete no action on update no action, primary key (\`id\`))`);
    this.addSql(`create index \`environment_default_provider_id_index\` on \`environment\` (\`default_provider_id\`)`);
    this.addSql(`create index \`environment_org_id_index\` on \`environment\` (\`org_id\`, \`id\`)`);
    this.addSql(`create unique index \`environment_org_name_unique\` on \`environment\` (\`org_id\`, \`name\`)`);
    this.addSql(`create table \`client\` (\`id\` text not null, \`org_id\` text not null, \`owner_sub\` text not null, \`environment_id\` text not null, \`provider_id\` text not null, \`name\` text not null, \`description\` text null, \`client_id\` text not null, \`client_secret_sealed\` text null, \`previous_secret_sealed\` text null, \`previous_secret_expires_at\` datetime null, \`redirect_uris\` json not null, \`grant_types\` json not null, \`scopes\` json not null, \`status\` text check (\`status\` in ('ACTIVE', 'DELETING', 'DELETED_IN_PROVIDER', 'ORPHANED', 'REGISTERING')) not null default 'ACTIVE', \`idempotency_key\` text null, \`idempotency_fingerprint\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`client_environment_id_foreign\` foreign key(\`environment_id\`) references \`environment\`(\`id\`) on update cascade, constraint \`client_provider_id_foreign\` foreign key(\`provider_id\`) references \`client_provider\`(\`id\`) on update cascade, primary key (\`id\`))`);
    this.addSql(`create index \`client_environment_id_index\` on \`client\` (\`environment_id\`)`);
    this.addSql(`create index \`client_provider_id_index\` on \`client\` (\`provider_id\`)`);
    this.addSql(`create index \`client_org_index\` on \`client\` (\`org_id\`, \`id\`)`);
    this.addSql(`create index \`client_provider_index\` on \`client\` (\`provider_id\`, \`id\`)`);
    this.addSql(`create index \`client_environment_index\` on \`client\` (\`environment_id\`, \`id\`)`);
    this.addSql(`create unique index \`client_owner_idempotency_key_unique\` on \`client\` (\`org_id\`, \`owner_sub\`, \`idempotency_key\`)`);
    this.addSql(`create unique index \`client_provider_client_id_unique\` on \`client\` (\`provider_id\`, \`client_id\`)`);
    this.addSql(`create table \`provider_link\` (\`id\` text not null, \`environment_id\` text not null, \`provider_id\` text not null, \`created_at\` datetime not null, constraint \`provider_link_environment_id_foreign\` foreign key(\`environment_id\`) references \`environment\`(\`id\`) on delete cascade on update cascade, constraint \`provider_link_provider_id_foreign\` foreign key(\`provider_id\`) references \`client_provider\`(\`id\`) on update cascade, primary key (\`id\`))`);
    this.addSql(`create index \`provider_link_environment_id_index\` on \`provider_link\` (\`environment_id\`)`);
    this.addSql(`create index \`provider_link_provider_index\` on \`provider_link\` (\`provider_id\`)`);
    this.addSql(`create unique index \`provider_link_environment_provider_unique\` on \`provider_link\` (\`environment_id\`, \`provider_id\`)`);
  }
}
