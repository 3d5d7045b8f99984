import { openStore } from '../src/store/orm.js';
const orm = await openStore(process.env.PG ? { kind: 'postgresql', url: 'postgresql://postgres@127.0.0.1:5432/scratch' } : { kind: 'sqlite', file: '/tmp/x.sqlite3' }, { onQuery: (s) => console.log('Q', s.slice(0, 80)) });
console.log('diff:', await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false }));
await orm.close();
