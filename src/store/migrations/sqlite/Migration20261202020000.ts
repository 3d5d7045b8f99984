import { Migration } from '@mikro-orm/migrations';

const KEY = ['org_id', 'environment_id', 'provider_id', 'owner_sub', 'status'];
const keyOf = (row: 'new' | 'old') => KEY.map((column) => `${row}.\`${column}\``).join(', ');
const matches = (row: 'new' | 'old') => KEY.map((column) => `\`${column}\` = ${row}.\`${column}\``).join(' and ');
const add = `insert into \`client_tally\` (${KEY.map((c) => `\`${c}\``).join(', ')}, \`n\`) values (${keyOf('new')}, 1) on conflict (${KEY.map((c) => `\`${c}\``).join(', ')}) do update set \`n\` = \`n\` + 1;`;
const remove = `update \`client_tally\` set \`n\` = \`n\` - 1 where ${matches('old')};`;

/** Client counts per organization, environment, provider, owner and status, kept by triggers (entities/client-tally.entity.ts). */
export class Migration20261202020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `client_tally` (`org_id` text not null, `environment_id` text not null, `provider_id` text not null, `owner_sub` text not null, `status` text not null, `n` integer not null, primary key (`org_id`, `environment_id`, `provider_id`, `owner_sub`, `status`))',
    );
    this.addSql('create index `client_tally_provider_index` on `client_tally` (`org_id`, `provider_id`)');
    this.addSql(`insert into \`client_tally\` select ${KEY.map((c) => `\`${c}\``).join(', ')}, count(*) from \`client\` group by ${KEY.map((c) => `\`${c}\``).join(', ')}`);
    this.addSql(`create trigger \`client_tally_insert\` after insert on \`client\` begin ${add} end`);
    this.addSql(`create trigger \`client_tally_delete\` after delete on \`client\` begin ${remove} end`);
    this.addSql(
      `create trigger \`client_tally_update\` after update of ${KEY.map((c) => `\`${c}\``).join(', ')} on \`client\` when ${KEY.map((c) => `old.\`${c}\` is not new.\`${c}\``).join(' or ')} begin ${remove} ${add} end`,
    );
  }
}
