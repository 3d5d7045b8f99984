import { Migration } from '@mikro-orm/migrations';

const KEY = ['org_id', 'environment_id', 'provider_id', 'owner_sub', 'status'];
const columns = KEY.map((column) => `"${column}"`).join(', ');

/** Client counts per organization, environment, provider, owner and status, kept by a trigger (entities/client-tally.entity.ts). */
export class Migration20261202020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "client_tally" ("org_id" varchar(255) not null, "environment_id" uuid not null, "provider_id" uuid not null, "owner_sub" varchar(255) not null, "status" varchar(32) not null, "n" int not null, constraint "client_tally_pkey" primary key ("org_id", "environment_id", "provider_id", "owner_sub", "status"))',
    );
    this.addSql('create index "client_tally_provider_index" on "client_tally" ("org_id", "provider_id")');
    this.addSql(`insert into "client_tally" select ${columns}, count(*) from "client" group by ${columns}`);
    this.addSql(`create function "client_tally_change"() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update "client_tally" set "n" = "n" - 1 where ${KEY.map((c) => `"${c}" = old."${c}"`).join(' and ')};
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into "client_tally" (${columns}, "n") values (${KEY.map((c) => `new."${c}"`).join(', ')}, 1)
      on conflict (${columns}) do update set "n" = "client_tally"."n" + 1;
  end if;
  return null;
end $$`);
    this.addSql(`create trigger "client_tally" after insert or delete or update of ${columns} on "client" for each row execute function "client_tally_change"()`);
  }
}
