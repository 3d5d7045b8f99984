import { Migration } from '@mikro-orm/migrations';

const COLUMNS = [
  'id', 'org_id', 'owner_sub', 'environment_id', 'provider_id', 'name', 'description', 'client_id', 'client_secret_sealed',
  'previous_secret_sealed', 'previous_secret_expires_at', 'redirect_uris', 'grant_types', 'scopes', 'status', 'idempotency_key',
  'idempotency_fingerprint', 'created_at', 'updated_at', 'registration_access_token_sealed', 'registration_client_uri',
  'provider_metadata', 'deletion_attempts', 'next_deletion_attempt_at', 'last_provider_error',
].map((column) => `\`${column}\``).join(', ');

/**
 * A client's client_id is unknown while its registration is under way: null, not an invented
 * placeholder. SQLite cannot drop a NOT NULL, so the table is rebuilt (nothing references it).
 */
export class Migration20261201000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`client_next\` (\`id\` text not null, \`org_id\` text not null, \`owner_sub\` text not null, \`environment_id\` text not null, \`provider_id\` text not null, \`name\` text not null, \`description\` text null, \`client_id\` text null, \`client_secret_sealed\` text null, \`previous_secret_sealed\` text null, \`previous_secret_expires_at\` datetime null, \`redirect_uris\` json not null, \`grant_types\` json not null, \`scopes\` json not null, \`status\` text check (\`status\` in ('ACTIVE', 'DELETING', 'DELETED_IN_PROVIDER', 'ORPHANED', 'REGISTERING')) not null default 'ACTIVE', \`idempotency_key\` text null, \`idempotency_fingerprint\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`registration_access_token_sealed\` text null, \`registration_client_uri\` text null, \`provider_metadata\` json null, \`deletion_attempts\` integer not null default 0, \`next_deletion_attempt_at\` datetime null, \`last_provider_error\` text null, constraint \`client_environment_id_foreign\` foreign key(\`environment_id\`) references \`environment\`(\`id\`) on update cascade, constraint \`client_provider_id_foreign\` foreign key(\`provider_id\`) references \`client_provider\`(\`id\`) on update cascade, primary key (\`id\`))`);
    this.addSql(`insert into \`client_next\` (${COLUMNS}) select ${COLUMNS} from \`client\``);
    this.addSql(`update \`client_next\` set \`client_id\` = null where \`status\` = 'REGISTERING'`);
    this.addSql('drop table `client`');
    this.addSql('alter table `client_next` rename to `client`');
    this.addSql('create index `client_environment_id_index` on `client` (`environment_id`)');
    this.addSql('create index `client_provider_id_index` on `client` (`provider_id`)');
    this.addSql('create index `client_org_index` on `client` (`org_id`, `id`)');
    this.addSql('create index `client_provider_index` on `client` (`provider_id`, `id`)');
    this.addSql('create index `client_environment_index` on `client` (`environment_id`, `id`)');
    this.addSql('create unique index `client_owner_idempotency_key_unique` on `client` (`org_id`, `owner_sub`, `idempotency_key`)');
    this.addSql('create unique index `client_provider_client_id_unique` on `client` (`provider_id`, `client_id`)');
  }
}
