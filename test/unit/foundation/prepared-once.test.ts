import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../../electron/core/db/database';
import { prepared } from '../../../electron/core/db/prepared';
import { CatalogStore } from '../../../electron/core/features/catalog/catalog-store';
import { ScriptStore } from '../../../electron/core/features/prompter/script-store';
import { ReviewQueries } from '../../../electron/core/features/session/review-queries';
import { SessionStore } from '../../../electron/core/features/session/session-store';
import type { Session } from '../../../electron/shared/contract/session';
import { tempDir } from '../../support/temp';

/**
 * Compiling a statement costs more than running most of these queries, so the stores compile each
 * one once per connection. The proof: after one warm-up round of every method, a second identical
 * round compiles nothing.
 */

let temp: ReturnType<typeof tempDir>;
let db: Database;
let compiled: string[];
beforeEach(() => {
  temp = tempDir('broadcart-prepared-');
  db = openDatabase(path.join(temp.dir, 'p.db'), { checkpointInWorker: false });
  compiled = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    compiled.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
});
afterEach(() => {
  closeDatabase(db);
  temp.cleanup();
});

/** SQL compiled by the second of two identical rounds. */
function compiledBySecondRound(round: (i: number) => void): string[] {
  round(0);
  compiled = [];
  round(1);
  return compiled;
}

const price = { market: 'US', currency: 'USD', amountMinor: 1999, taxInclusive: false };
const texts = { pitch: {}, bullets: {}, images: [] };

describe('stores compile their statements once per connection', () => {
  it('catalog store', () => {
    const store = new CatalogStore(db);
    expect(
      compiledBySecondRound((i) => {
        const { product } = store.save({ sku: `SKU-${i}`, name: { en: 'Mug' }, ...texts, prices: [price] });
        store.save({ id: product.id, sku: `SKU-${i}`, name: { en: 'Mug 2' }, ...texts, prices: [{ ...price, amountMinor: 1499 }] });
        store.save({ sku: `NEW-${i}`, name: { en: 'Cup' }, ...texts, prices: [] });
        store.count();
        store.list(undefined, 10);
        store.list('mug', 10);
        store.get({ id: product.id });
        store.get({ sku: `SKU-${i}` });
        store.priceHistory(product.id);
        store.priceHistory(product.id, 'US');
        store.markets();
        store.lowestPrice(product.id, 'US', 0, Date.now());
        store.delete(product.id);
      }),
    ).toEqual([]);
  });

  it('session store', () => {
    const store = new SessionStore(db);
    const session = (id: string): Session => ({
      id,
      title: 't',
      market: 'US',
      hosts: ['Ann'],
      languages: ['en'],
      notes: '',
      status: 'live',
      startedAt: 1000,
      endedAt: null,
      lastEventAt: null,
      eventCount: 0,
    });
    expect(
      compiledBySecondRound((i) => {
        store.insert(session(`s${i}`));
        store.find(`s${i}`);
        store.live();
        store.setStatus(`s${i}`, 'ended', { endedAt: 2000 });
        store.byStatus('ended');
        store.list({ offset: 0, limit: 10 });
        store.list({ market: 'US', host: 'Ann', from: 0, status: 'ended', offset: 0, limit: 10 });
        store.olderThan(5000);
        store.deleteChunk(`s${i}`);
      }),
    ).toEqual([]);
  });

  it('review queries', () => {
    const sessions = new SessionStore(db);
    sessions.insert({
      id: 's',
      title: 't',
      market: 'US',
      hosts: [],
      languages: ['en'],
      notes: '',
      status: 'ended',
      startedAt: 0,
      endedAt: 10_000,
      lastEventAt: null,
      eventCount: 0,
    });
    db.prepare(
      `INSERT INTO session_events (session_id, seq, at, kind, product_id, payload) VALUES ('s', 1, 5, 'product.pinned', 'p-gone', '{"sku":"OLD"}')`,
    ).run();
    const review = new ReviewQueries(db);
    const session = sessions.get('s');
    expect(
      compiledBySecondRound(() => {
        review.summary(session);
        review.gaps(session);
        review.products(session);
        review.productLabels(session, ['p-gone']);
        review.events(session, { id: 's', offset: 0, limit: 10 });
        review.events(session, { id: 's', kinds: ['product.pinned', 'error'], offset: 0, limit: 10 });
        review.timeline(session, { id: 's', limitPerLane: 100 });
        review.health(session, 100);
      }),
    ).toEqual([]);
  });

  it('script store', () => {
    const store = new ScriptStore(db, Date.now);
    expect(
      compiledBySecondRound((i) => {
        const script = store.save({ id: `sc${i}`, title: 'Intro', leadLanguage: 'en', variants: { en: 'Hello', de: 'Hallo' } });
        store.save({ id: script.id, title: 'Intro', leadLanguage: 'en', variants: { en: 'Hello again' } });
        store.list({});
        store.list({ productId: 'p' });
        store.find(script.id);
        store.get(script.id);
        store.delete(script.id);
      }),
    ).toEqual([]);
  });
});

describe('prepared(): one kept statement per SQL text', () => {
  it('hands back the same statement in its default mode after a caller switched it to raw, pluck or expand', () => {
    const sql = 'SELECT 1 AS one, 2 AS two';
    expect(prepared(db, sql).pluck().get()).toBe(1);
    expect(prepared(db, sql).get()).toEqual({ one: 1, two: 2 });
    expect(prepared(db, sql).raw().get()).toEqual([1, 2]);
    expect(prepared(db, sql).get()).toEqual({ one: 1, two: 2 });
    expect(prepared(db, sql).expand().get()).toEqual({ $: { one: 1, two: 2 } });
    expect(prepared(db, sql).all()).toEqual([{ one: 1, two: 2 }]);
    expect(compiled.filter((s) => s === sql)).toHaveLength(1);
  });

  it('keeps statements apart per connection', () => {
    const other = openDatabase(path.join(temp.dir, 'other.db'), { checkpointInWorker: false });
    try {
      const here = prepared(db, 'SELECT count(*) AS n FROM products');
      const there = prepared(other, 'SELECT count(*) AS n FROM products');
      expect(here).not.toBe(there);
      other.prepare(`INSERT INTO products (id, sku, name, pitch, created_at, updated_at) VALUES ('x', 'X', '{}', '{}', 0, 0)`).run();
      expect(here.get()).toEqual({ n: 0 });
      expect(there.get()).toEqual({ n: 1 });
    } finally {
      closeDatabase(other);
    }
  });
});
