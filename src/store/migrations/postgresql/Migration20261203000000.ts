import { Migration } from '@mikro-orm/migrations';

/** The tables whose rows an organization's reads show, each with its organization column. */
const ORG_TABLES = ['environment', 'client_provider', 'client', 'audit_event', 'provider_reconciliation'];

/**
 * Each organization's data version, raised by triggers on every write of what its reads show
 * (entities/data-version.entity.ts). Constraint triggers deferred to the commit: the version's row
 * is locked only while the transaction commits, after all its other writes (so it adds no lock
 * taken in the middle of a transaction, and no deadlock), and versions rise in the order of commits.
 */
export class Migration20261203000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "data_version" ("org_id" varchar(255) not null, "version" bigint not null, constraint "data_version_pkey" primary key ("org_id"))');
    this.addSql(`create function "data_version_bump"() returns trigger language plpgsql as $$
declare
  org varchar(255);
begin
  -- A link has no organization column: its environment's (a link deleted with its environment: the environment's own trigger).
  if tg_table_name = 'provider_link' and tg_op = 'DELETE' then
    select "org_id" into org from "environment" where "id" = old."environment_id";
  elsif tg_table_name = 'provider_link' then
    select "org_id" into org from "environment" where "id" = new."environment_id";
  elsif tg_op = 'DELETE' then
    org := old."org_id";
  else
    org := new."org_id";
  end if;
  if org is not null then
    insert into "data_version" ("org_id", "version") values (org, 1)
      on conflict ("org_id") do update set "version" = "data_version"."version" + 1;
  end if;
  return null;
end $$`);
    for (const table of [...ORG_TABLES, 'provider_link']) {
      this.addSql(
        `create constraint trigger "${table}_data_version" after insert or update or delete on "${table}" deferrable initially deferred for each row execute function "data_version_bump"()`,
      );
    }
  }
}
