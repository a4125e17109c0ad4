import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { migrations } from '../../../electron/core/db/migrations';
import { actionFor, runCueAction } from '../../../electron/core/features/prompter/cue-actions';
import { startTestHost, type TestHost } from '../../support/host';

const tea = { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 1999, stock: 50, durationS: 120 };

describe('deal codes', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('keeps the code the user gives (upper case) or generates a short one from the SKU', async () => {
    const given = (await t.call('deal.create', { ...tea, code: ' tea10 ' })).deal;
    expect(given.code).toBe('TEA10');
    const generated = (await t.call('deal.create', tea)).deal;
    expect(generated.code).toMatch(/^TEA-[2-9A-HJKMNP-Z]{4}$/);
    expect((await t.call('deal.list', {})).deals.map((d) => d.code)).toEqual([generated.code, 'TEA10']);
    await expect(t.call('deal.create', { ...tea, code: 'no spaces!' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('2 to 16 letters, digits or dashes'),
    });
  });

  it('refuses a code that a deal which has not finished already has, and frees it when that deal ends', async () => {
    const first = (await t.call('deal.create', { ...tea, code: 'TEA10' })).deal;
    const taken = await t.call('deal.create', { ...tea, code: 'tea10' }).catch((e: unknown) => e);
    expect(taken).toMatchObject({ code: 'conflict', message: expect.stringContaining('already used by a scheduled deal for TEA-JASMINE-100') });
    await t.call('deal.start', { code: 'tea10' });
    expect((await t.call('deal.get', { code: 'TEA10' })).state).toBe('live');
    await t.call('deal.end', { dealId: first.id });

    // Next show, same script: a new deal under the same code is the one the code names now.
    const second = (await t.call('deal.create', { ...tea, code: 'TEA10' })).deal;
    expect((await t.call('deal.get', { code: 'TEA10' })).id).toBe(second.id);
    await t.call('deal.cancel', { dealId: second.id });
    // No open deal: the code names the latest one that had it, so a cue can say it is over.
    expect((await t.call('deal.get', { code: 'TEA10' })).id).toBe(second.id);
    await expect(t.call('deal.get', { code: 'NOPE' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('No deal has the code NOPE') });
  });

  it('lets a [[deal:CODE]] cue start the deal, and still accepts the UUID of older scripts', async () => {
    const byCode = (await t.call('deal.create', { ...tea, code: 'TEA10' })).deal;
    const action = actionFor({ type: 'deal', argument: 'tea10' })!;
    expect(await runCueAction(t.host.context, action.method, action.input)).toEqual({ result: 'done' });
    expect((await t.call('deal.get', { dealId: byCode.id })).state).toBe('live');

    const byId = (await t.call('deal.create', { ...tea, sku: 'SILK-SCARF-RED', dealPriceMinor: 4900 })).deal;
    const old = actionFor({ type: 'deal', argument: byId.id })!;
    expect(await runCueAction(t.host.context, old.method, old.input)).toEqual({ result: 'done' });
    expect((await t.call('deal.get', { dealId: byId.id })).state).toBe('live');

    const missing = actionFor({ type: 'deal', argument: 'XYZ' })!;
    expect(await runCueAction(t.host.context, missing.method, missing.input)).toMatchObject({ result: 'failed', message: expect.stringContaining('XYZ') });
  });
});

describe('migration 6 (deal codes)', () => {
  it('gives every existing deal its own generated code', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 5));
    db.prepare(`INSERT INTO products (id, sku, name, pitch, created_at, updated_at) VALUES ('p1', 'mug-celadon', '{}', '{}', 0, 0)`).run();
    const insert = db.prepare(
      `INSERT INTO deals (id, product_id, market, currency, deal_price_minor, regular_price_minor, stock_initial, stock, duration_s, state, created_at)
       VALUES (?, 'p1', 'US', 'USD', 100, 200, 5, 5, 60, ?, ?)`,
    );
    for (let i = 0; i < 40; i++) insert.run(`d${i}`, i % 2 ? 'ended' : 'scheduled', i);
    migrate(db, migrations.slice(0, 6));
    const codes = (db.prepare('SELECT code FROM deals').all() as { code: string | null }[]).map((r) => r.code);
    expect(codes).toHaveLength(40);
    for (const code of codes) expect(code).toMatch(/^MUG-[2-9A-HJKMNP-Z]{4}$/);
    expect(new Set(codes).size).toBe(40);
    // Unique among deals that have not finished (d0 and d2 are scheduled; d1 ended).
    const codeOf = (id: string) => (db.prepare('SELECT code FROM deals WHERE id = ?').get(id) as { code: string }).code;
    expect(() => db.prepare(`UPDATE deals SET code = ? WHERE id = 'd2'`).run(codeOf('d0'))).toThrow(/UNIQUE/);
    db.prepare(`UPDATE deals SET code = ? WHERE id = 'd1'`).run(codeOf('d0'));
    db.close();
  });
});
