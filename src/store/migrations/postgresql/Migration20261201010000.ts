import { Migration } from '@mikro-orm/migrations';

/**
 * The durable change feed of cache invalidations, and its announcement: every row inserted is
 * sent to the replicas listening on `cache_invalidation` by NOTIFY, which PostgreSQL delivers when
 * (and only if) the inserting transaction commits.
 */
export class Migration20261201010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "cache_invalidation" ("id" uuid not null, "kind" varchar(20) not null, "provider_id" uuid null, "client_id" varchar(255) null, "created_at" timestamptz not null, constraint "cache_invalidation_pkey" primary key ("id"))',
    );
    this.addSql('create index "cache_invalidation_created_at_index" on "cache_invalidation" ("created_at")');
    this.addSql(`create function "cache_invalidation_notify"() returns trigger language plpgsql as $$
begin
  perform pg_notify('cache_invalidation', json_build_object('id', new.id, 'kind', new.kind, 'providerId', new.provider_id, 'clientId', new.client_id)::text);
  return null;
end
$$`);
    this.addSql(
      'create trigger "cache_invalidation_notify" after insert on "cache_invalidation" for each row execute function "cache_invalidation_notify"()',
    );
  }
}
