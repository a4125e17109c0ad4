import type { Database, Statement } from 'better-sqlite3';

/** Statements kept per connection; a connection that goes away takes its statements with it. */
const byConnection = new WeakMap<Database, Map<string, Statement>>();
/**
 * More distinct SQL texts than any store builds (a filter's WHERE combinations, placeholder lists of up
 * to 50 kinds): a bound, so a caller that built SQL from unbounded input could not grow it forever.
 */
const maxPerConnection = 500;

/**
 * The statement for this SQL on this connection, compiled on first use and kept: compiling costs more
 * than running most of these queries. For SQL that depends on the call (a filter's WHERE, a list of
 * placeholders); stores with fixed SQL prepare their statements in their constructor.
 *
 * A kept statement is handed back in its default mode, so one caller's `.raw()`, `.pluck()` or
 * `.expand()` never leaks into the next caller's. Never `.bind()` or `.safeIntegers()` one: those stay.
 */
export function prepared(db: Database, sql: string): Statement {
  let cache = byConnection.get(db);
  if (!cache) byConnection.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (cache.size >= maxPerConnection) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
  } else if (statement.reader) {
    statement.raw(false).pluck(false).expand(false);
  }
  return statement;
}
