import { Migration } from '@mikro-orm/migrations';

/** The change feed of cache invalidations; on the embedded store (one process) it stays empty. */
export class Migration20261201010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `cache_invalidation` (`id` text not null, `kind` text not null, `provider_id` text null, `client_id` text null, `created_at` datetime not null, primary key (`id`))',
    );
    this.addSql('create index `cache_invalidation_created_at_index` on `cache_invalidation` (`created_at`)');
  }
}
