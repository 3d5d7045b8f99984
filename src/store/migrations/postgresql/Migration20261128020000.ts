import { Migration } from '@mikro-orm/migrations';

/** What managing clients in an external IdP needs: its registration handle, metadata and deletion retries. */
export class Migration20261128020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "client" add column "registration_access_token_sealed" text null, add column "registration_client_uri" varchar(2048) null, ' +
        'add column "provider_metadata" jsonb null, add column "deletion_attempts" int not null default 0, ' +
        'add column "next_deletion_attempt_at" timestamptz null, add column "last_provider_error" text null',
    );
  }
}
