// Preloaded into the server by `npm run bench` with BENCH_TIMELINE=1 (node --require; SQLite only):
// for each request carrying the header x-bench-timeline, the moments inside the server at which
// its body was read, each statement was handed to the sqlite3 driver and came back, the IdP's
// request was made and answered (undici's diagnostics channels), and the answer was sent. Written
// as JSON to REGISTRATION_TIMELINE_FILE when the server exits; the bench prints the medians.
// It changes nothing the server does but to wrap the driver's calls and the HTTP server's emit.
'use strict';
const { Server } = require('node:http');
const channels = require('node:diagnostics_channel');
const { writeFileSync } = require('node:fs');
const { Database, Statement } = require('sqlite3');

const file = process.env.REGISTRATION_TIMELINE_FILE;
const finished = [];
/** The request being traced (the bench sends them one at a time). */
let current = null;
/** A moment of a request's timeline; nothing once its answer has gone (or its connection closed). */
const note = (request, what) => request.open && request.events.push([performance.now() - request.started, what]);
const mark = (what) => current && note(current, what);

/** What a statement is, in a few words: its first keywords and table. */
const named = (sql) =>
  String(sql)
    .replace(/[`";]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^((?:insert into|delete from|update|select .*? from) \S+|\S+).*$/i, '$1')
    .replace(/^select .*? from/i, 'select from');

function traced(prototype, method, sqlOf) {
  const original = prototype[method];
  prototype[method] = function (...args) {
    const sql = sqlOf(this, args);
    const callback = args.findIndex((arg) => typeof arg === 'function');
    if (current && sql !== undefined && callback >= 0) {
      const request = current;
      const name = named(sql);
      mark(`${name}: sent`);
      const done = args[callback];
      args[callback] = function (...result) {
        note(request, `${name}: done`);
        return done.apply(this, result);
      };
    }
    return original.apply(this, args);
  };
}
// The store's own statements, prepared once (store/driver.ts), and knex's (BEGIN, COMMIT) on the connection.
const statementSql = new WeakMap();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql, ...rest) {
  const statement = prepare.call(this, sql, ...rest);
  statementSql.set(statement, sql);
  return statement;
};
for (const method of ['run', 'all', 'get']) traced(Statement.prototype, method, (statement) => statementSql.get(statement));
for (const method of ['run', 'all', 'get', 'exec']) traced(Database.prototype, method, (_, args) => args[0]);

channels.subscribe('undici:request:create', () => mark('IdP request made'));
channels.subscribe('undici:request:headers', () => mark('IdP answered'));
channels.subscribe('undici:request:trailers', () => mark('IdP answer read'));

const emit = Server.prototype.emit;
Server.prototype.emit = function (type, request, response) {
  if (type === 'request' && request.headers['x-bench-timeline']) {
    const timeline = { started: performance.now(), events: [], open: true };
    current = timeline;
    request.once('end', () => note(timeline, 'request body read'));
    // Kept once its answer has gone; one whose connection closed first is dropped.
    const close = (sent) => {
      if (!timeline.open) return;
      if (sent) note(timeline, 'answer sent');
      timeline.open = false;
      if (sent) finished.push(timeline.events);
      if (current === timeline) current = null;
    };
    response.once('finish', () => close(true));
    response.once('close', () => close(false));
  }
  return emit.apply(this, arguments);
};

process.once('exit', () => file && writeFileSync(file, JSON.stringify(finished)));
