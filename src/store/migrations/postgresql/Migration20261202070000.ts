import { Migration } from '@mikro-orm/migrations';

/** The secret a rotation with an overlap replaced in the IdP, retired there once its window has passed. */
export class Migration20261202070000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "client" add column "retiring_secret_id" varchar(255) null, add column "next_secret_retirement_at" timestamptz null, add column "secret_retirement_attempts" int not null default 0');
    this.addSql('create index "client_secret_retirement_index" on "client" ("next_secret_retirement_at")');
  }
}
