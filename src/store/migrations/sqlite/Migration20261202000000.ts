import { Migration } from '@mikro-orm/migrations';

const COLUMNS = [
  'id', 'org_id', 'owner_sub', 'environment_id', 'provider_id', 'name', 'description', 'client_id', 'client_secret_sealed',
  'previous_secret_sealed', 'previous_secret_expires_at', 'redirect_uris', 'grant_types', 'scopes', 'status', 'idempotency_key',
  'idempotency_fingerprint', 'created_at', 'updated_at', 'registration_access_token_sealed', 'registration_client_uri',
  'provider_metadata', 'deletion_attempts', 'next_deletion_attempt_at', 'last_provider_error',
].map((column) => `\`${column}\``).join(', ');

/**
 * Intents for IdP side effects (written before the call, completed with its result), and the
 * UNRESOLVED status with a message for clients a crash left unknown. SQLite cannot change a CHECK
 * constraint, so the client table is rebuilt (nothing references it).
 */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `idp_intent` (`id` text not null, `org_id` text not null, `provider_id` text not null, `client_row_id` text not null, ' +
        "`operation` text check (`operation` in ('REGISTER', 'UPDATE', 'ROTATE', 'DELETE')) not null, `client_name` text not null, " +
        '`idp_client_id` text null, `sent` json null, `created_at` datetime not null, `lease_until` datetime not null, ' +
        '`attempts` integer not null default 0, `last_error` text null, primary key (`id`))',
    );
    this.addSql('create index `idp_intent_lease_index` on `idp_intent` (`lease_until`)');
    // Placeholders of registrations a crash interrupted before intents existed: recovery's from now on.
    this.addSql("insert into idp_intent (id, org_id, provider_id, client_row_id, operation, client_name, created_at, lease_until) select id, org_id, provider_id, id, 'REGISTER', name, created_at, created_at from client where status = 'REGISTERING'");
    this.addSql(`create table \`client_next\` (\`id\` text not null, \`org_id\` text not null, \`owner_sub\` text not null, \`environment_id\` text not null, \`provider_id\` text not null, \`name\` text not null, \`description\` text null, \`client_id\` text null, \`client_secret_sealed\` text null, \`previous_secret_sealed\` text null, \`previous_secret_expires_at\` datetime null, \`redirect_uris\` json not null, \`grant_types\` json not null, \`scopes\` json not null, \`status\` text check (\`status\` in ('ACTIVE', 'DELETING', 'DELETED_IN_PROVIDER', 'ORPHANED', 'REGISTERING', 'UNRESOLVED')) not null default 'ACTIVE', \`idempotency_key\` text null, \`idempotency_fingerprint\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`registration_access_token_sealed\` text null, \`registration_client_uri\` text null, \`provider_metadata\` json null, \`deletion_attempts\` integer not null default 0, \`next_deletion_attempt_at\` datetime null, \`last_provider_error\` text null, \`status_message\` text null, constraint \`client_environment_id_foreign\` foreign key(\`environment_id\`) references \`environment\`(\`id\`) on update cascade, constraint \`client_provider_id_foreign\` foreign key(\`provider_id\`) references \`client_provider\`(\`id\`) on update cascade, primary key (\`id\`))`);
    this.addSql(`insert into \`client_next\` (${COLUMNS}) select ${COLUMNS} from \`client\``);
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
