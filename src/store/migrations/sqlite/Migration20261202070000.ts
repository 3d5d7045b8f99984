import { Migration } from '@mikro-orm/migrations';

/** The secret a rotation with an overlap replaced in the IdP, retired there once its window has passed. */
export class Migration20261202070000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `client` add column `retiring_secret_id` text null');
    this.addSql('alter table `client` add column `next_secret_retirement_at` datetime null');
    this.addSql('alter table `client` add column `secret_retirement_attempts` integer not null default 0');
    this.addSql('create index `client_secret_retirement_index` on `client` (`next_secret_retirement_at`)');
  }
}
