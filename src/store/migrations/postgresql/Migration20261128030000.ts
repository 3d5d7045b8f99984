import { Migration } from '@mikro-orm/migrations';

/** Local validation of JWT access tokens per provider. */
export class Migration20261128030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "client_provider" add column "validate_jwt_locally" boolean not null default false, ' +
        'add column "jwks_url" varchar(2048) null, add column "jwt_audience" varchar(2048) null',
    );
  }
}
