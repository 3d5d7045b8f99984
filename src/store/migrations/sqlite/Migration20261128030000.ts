import { Migration } from '@mikro-orm/migrations';

/** Local validation of JWT access tokens per provider. */
export class Migration20261128030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `client_provider` add column `validate_jwt_locally` integer not null default false');
    this.addSql('alter table `client_provider` add column `jwks_url` text null');
    this.addSql('alter table `client_provider` add column `jwt_audience` text null');
  }
}
