import { Migration } from '@mikro-orm/migrations';

/** The tables whose rows an organization's reads show, each with its organization column. */
const ORG_TABLES = ['environment', 'client_provider', 'client', 'audit_event', 'provider_reconciliation'];
const bump = (org: string) => `insert into \`data_version\` (\`org_id\`, \`version\`) values (${org}, 1) on conflict (\`org_id\`) do update set \`version\` = \`version\` + 1;`;
/** A link has no organization column: its environment's (a link deleted with its environment: the environment's own trigger). */
const bumpLink = (row: 'new' | 'old') =>
  `insert into \`data_version\` (\`org_id\`, \`version\`) select \`org_id\`, 1 from \`environment\` where \`id\` = ${row}.\`environment_id\` on conflict (\`org_id\`) do update set \`version\` = \`version\` + 1;`;

/** Each organization's data version, raised by triggers on every write of what its reads show (entities/data-version.entity.ts). */
export class Migration20261203000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table `data_version` (`org_id` text not null, `version` bigint not null, primary key (`org_id`))');
    for (const table of ORG_TABLES) {
      this.addSql(`create trigger \`${table}_data_version_insert\` after insert on \`${table}\` begin ${bump('new.`org_id`')} end`);
      this.addSql(`create trigger \`${table}_data_version_update\` after update on \`${table}\` begin ${bump('new.`org_id`')} end`);
      this.addSql(`create trigger \`${table}_data_version_delete\` after delete on \`${table}\` begin ${bump('old.`org_id`')} end`);
    }
    this.addSql(`create trigger \`provider_link_data_version_insert\` after insert on \`provider_link\` begin ${bumpLink('new')} end`);
    this.addSql(`create trigger \`provider_link_data_version_update\` after update on \`provider_link\` begin ${bumpLink('new')} end`);
    this.addSql(`create trigger \`provider_link_data_version_delete\` after delete on \`provider_link\` begin ${bumpLink('old')} end`);
  }
}
