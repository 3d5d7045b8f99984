import { Migration } from '@mikro-orm/migrations';

/** Clients the platform deleted, so that their tokens stay refused whatever their IdP still says. */
export class Migration20261201020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `deleted_client` (`id` text not null, `org_id` text not null, `provider_id` text not null, `client_id` text not null, `deleted_at` datetime not null, primary key (`id`))',
    );
    this.addSql('create unique index `deleted_client_provider_client_id_unique` on `deleted_client` (`provider_id`, `client_id`)');
  }
}
