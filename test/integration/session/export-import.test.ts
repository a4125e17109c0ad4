import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';
import { recordEvents, rowsOf, sessionFeatureOf } from './helpers';

let a: TestHost;
let b: TestHost;
let id: string;
const files = tempDir('broadcart-export-');

beforeAll(async () => {
  a = await startTestHost({ seedDemo: false });
  b = await startTestHost({ seedDemo: false });
  const session = await a.call('session.start', { title: 'Tea, "launch" night', market: 'DE', hosts: ['Ana'], languages: ['de', 'en'] });
  id = session.id;
  const log = sessionFeatureOf(a);
  for (let i = 0; i < 12_000; i++) {
    const kind = i % 4 === 0 ? 'stream.health' : i % 4 === 1 ? 'product.pinned' : 'session.mark';
    const payload =
      kind === 'stream.health'
        ? { fps: 30, cpuPct: 12.5, memoryMb: 900, renderSkippedPct: 0, outputSkippedPct: 0.2, droppedPct: 0, congestion: 0.1, bytesPerSec: 500_000, streaming: true, reconnecting: false, totalDroppedFrames: 0, totalStreamFrames: i }
        : kind === 'product.pinned'
          ? { productId: `p${i % 7}`, sku: `SKU-${i % 7}`, output: 'main', market: 'DE' }
          : { sessionId: id, text: i % 3 === 0 ? `line\nbreak, "quoted" ${i}` : null };
    log.writer.append(id, session.startedAt + i, kind, kind === 'product.pinned' ? `p${i % 7}` : null, payload);
  }
  await a.call('session.end');
});
afterAll(async () => {
  await a.stop();
  await b.stop();
  files.cleanup();
});

describe('export and import', () => {
  it('exports CSV (RFC 4180, one row per event) with progress events', async () => {
    const rec = recordEvents(a);
    const result = await a.call('session.export', { id, format: 'csv', folder: files.dir });
    rec.stop();
    expect(result.rows).toBe(12_002);
    const records = Papa.parse<Record<string, string>>(fs.readFileSync(result.path, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(records).toHaveLength(12_002);
    const stored = rowsOf(a, id) as { seq: number; at: number; kind: string; product_id: string | null; payload: string }[];
    for (const [i, row] of stored.entries()) {
      const rec2 = records[i]!;
      expect([Number(rec2.seq), Number(rec2.at_ms), rec2.kind, rec2.product_id || null, rec2.payload]).toEqual([row.seq, row.at, row.kind, row.product_id, row.payload]);
    }
    expect(records[0]!.at_iso).toBe(new Date(stored[0]!.at).toISOString());
    const progress = rec.events.filter((e) => e.name === 'session.export.progress').map((e) => e.payload as { written: number; total: number; done: boolean });
    expect(progress.at(-1)).toMatchObject({ written: 12_002, total: 12_002, done: true });
    expect(path.dirname(result.path)).toBe(files.dir);

    // The browser UI downloads it through the feature's route, with the control token only.
    const url = `${a.baseUrl}${result.downloadPath}`;
    const res = await fetch(`${url}?token=${a.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(result.fileName);
    expect(await res.text()).toBe(fs.readFileSync(result.path, 'utf8'));
    expect((await fetch(url)).status).toBe(401);
    expect(result.downloadPath).toBe(`/session/download/${result.exportId}`);
    expect((await fetch(`${a.baseUrl}/session/download/..%2f..%2fetc%2fpasswd?token=${a.token}`)).status).toBe(404);
    // The deprecated path of older builds serves the same file.
    const legacy = await fetch(`${a.baseUrl}/sessionlog/download/${result.exportId}?token=${a.token}`);
    expect(await legacy.text()).toBe(fs.readFileSync(result.path, 'utf8'));
  });

  it('gives each kind\'s main fields their own CSV columns (scene, SKU, price, cue, lane), the JSON keeps the rest', async () => {
    const small = await a.call('session.start', { title: 'Columns', market: 'DE' });
    const log = sessionFeatureOf(a);
    const t = small.startedAt;
    log.writer.append(small.id, t + 1, 'obs.scene.changed', null, { sceneName: 'Close-up' });
    log.writer.append(small.id, t + 2, 'product.pinned', 'p1', { productId: 'p1', sku: 'TEA-1', output: 'overlay', market: 'DE' });
    log.writer.append(small.id, t + 3, 'deal.started', 'p1', { dealId: 'd1', productId: 'p1', market: 'DE', dealPriceMinor: 4580, currency: 'EUR', stock: 5, endsAt: t + 60_000 });
    log.writer.append(small.id, t + 4, 'prompter.cue.reached', null, { cueId: 'c1', cueType: 'scene', argument: 'Close-up', lane: 'follower-es', language: 'es', scriptId: 's1' });
    log.writer.append(small.id, t + 5, 'stream.health', null, { fps: 30 });
    await a.call('session.end');
    const result = await a.call('session.export', { id: small.id, format: 'csv', folder: files.dir });
    const records = Papa.parse<Record<string, string>>(fs.readFileSync(result.path, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const byKind = (kind: string) => records.find((r) => r.kind === kind)!;
    expect(Object.keys(records[0]!)).toEqual(['session_id', 'seq', 'at_ms', 'at_iso', 'kind', 'product_id', 'sku', 'scene', 'price', 'currency', 'cue', 'lane', 'payload']);
    expect(byKind('obs.scene.changed').scene).toBe('Close-up');
    expect(byKind('product.pinned').sku).toBe('TEA-1');
    expect(byKind('deal.started')).toMatchObject({ price: '45.80', currency: 'EUR', product_id: 'p1' });
    expect(byKind('prompter.cue.reached')).toMatchObject({ cue: 'scene:Close-up', lane: 'follower-es' });
    expect(byKind('stream.health')).toMatchObject({ sku: '', scene: '', price: '', cue: '', lane: '' });
    expect(JSON.parse(byKind('stream.health').payload!)).toEqual({ fps: 30 });
    await a.call('session.delete', { id: small.id });
  });

  it('exports JSON with the session and its events', async () => {
    const result = await a.call('session.export', { id, format: 'json' });
    expect(result.path.startsWith(path.join(a.dataDir, 'exports'))).toBe(true);
    const doc = JSON.parse(fs.readFileSync(result.path, 'utf8')) as { session: { id: string; title: string }; events: { seq: number; payload: unknown }[] };
    expect(doc.session).toMatchObject({ id, title: 'Tea, "launch" night' });
    expect(doc.events).toHaveLength(12_002);
    expect(doc.events[5]!.payload).toEqual((await a.call('session.events', { id, offset: 5, limit: 1 })).events[0]!.payload);
  });

  it('round-trips an archive into another PC with identical rows, ids and figures, and merges without duplicates', async () => {
    const archive = await a.call('session.export', { id, format: 'archive', folder: files.dir });
    const first = await b.call('session.import', { path: archive.path });
    expect(first).toMatchObject({ importedEvents: 12_002, skippedEvents: 0 });
    expect(first.session).toEqual(await a.call('session.get', { id }));
    expect(rowsOf(b, id)).toEqual(rowsOf(a, id));
    const summaryA = await a.call('session.summary', { id });
    const summaryB = await b.call('session.summary', { id });
    expect(summaryB).toEqual(summaryA);
    expect(await b.call('session.health', { id })).toEqual(await a.call('session.health', { id }));

    const again = await b.call('session.import', { path: archive.path });
    expect(again).toMatchObject({ importedEvents: 0, skippedEvents: 12_002 });
    expect(rowsOf(b, id)).toHaveLength(12_002);
    expect((await b.call('session.list')).total).toBe(1);
  });

  it('takes an archive uploaded by the browser UI, says what was imported and skipped, and keeps no copy', async () => {
    const archive = await a.call('session.export', { id, format: 'archive', folder: files.dir });
    const c = await startTestHost({ seedDemo: false });
    try {
      const upload = (body: Buffer, token = c.token, route = '/session/import') =>
        fetch(`${c.baseUrl}${route}?name=${encodeURIComponent('night.bcsession')}&token=${token}`, { method: 'POST', body: new Uint8Array(body) });
      const bytes = fs.readFileSync(archive.path);
      const first = await upload(bytes);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ importedEvents: 12_002, skippedEvents: 0, session: { id } });
      const again = await upload(bytes);
      expect(await again.json()).toMatchObject({ importedEvents: 0, skippedEvents: 12_002 });
      // Uploaders of older builds post to the deprecated /sessionlog/import, which still answers.
      const legacy = await upload(bytes, c.token, '/sessionlog/import');
      expect(legacy.status).toBe(200);
      expect(await legacy.json()).toMatchObject({ importedEvents: 0, skippedEvents: 12_002 });
      expect(rowsOf(c, id)).toHaveLength(12_002);

      const bad = await upload(Buffer.from('not an archive'));
      expect(bad.status).toBe(400);
      const error = ((await bad.json()) as { error: { message: string } }).error.message;
      // Named as the user's file, not the host's temporary copy.
      expect(error).toMatch(/^night\.bcsession is not a session archive/);
      expect((await upload(bytes, 'wrong')).status).toBe(401);
      expect(fs.readdirSync(path.join(c.dataDir, 'imports'))).toEqual([]);
    } finally {
      await c.stop();
    }
  });

  it('refuses malformed and foreign files with a reason, and changes nothing', async () => {
    const archive = await a.call('session.export', { id, format: 'archive', folder: files.dir });
    const lines = zlib.gunzipSync(fs.readFileSync(archive.path)).toString('utf8').trimEnd().split('\n');
    const write = (name: string, content: string | Buffer, gzip = true) => {
      const file = path.join(files.dir, name);
      fs.writeFileSync(file, gzip ? zlib.gzipSync(content) : content);
      return file;
    };
    const withLine = (index: number, line: string) => lines.map((l, i) => (i === index ? line : l)).join('\n') + '\n';
    const cases: [string, string, RegExp][] = [
      [write('plain.csv', 'a,b\n1,2\n', false), 'not gzip', /not a gzip file|not a session archive/],
      [write('foreign.gz', JSON.stringify({ hello: 'world' }) + '\n'), 'foreign', /not a Broadcart Studio session archive/],
      [write('truncated.bcsession', lines.slice(0, 500).join('\n') + '\n'), 'truncated', /cut off/],
      [write('badpayload.bcsession', withLine(2, lines[2]!.replace('"fps":30', '"fps":"fast"'))), 'payload', /line 3: the payload does not match the stream.health event/],
      [write('badseq.bcsession', withLine(4, lines[2]!)), 'seq', /sequence numbers must increase/],
      [write('count.bcsession', withLine(lines.length - 1, JSON.stringify({ end: true, eventCount: 3 }))), 'count', /holds/],
      [write('newer.bcsession', withLine(0, lines[0]!.replace('"version":1', '"version":99'))), 'version', /newer Broadcart Studio/],
      [write('empty.bcsession', ''), 'empty', /empty/],
    ];
    const fresh = await startTestHost({ seedDemo: false });
    try {
      const before = fresh.host.context.db.prepare('SELECT (SELECT count(*) FROM sessions) AS s, (SELECT count(*) FROM session_events) AS e').get();
      for (const [file, what, reason] of cases) {
        const error = await fresh.call('session.import', { path: file }).then(
          () => null,
          (e: { code: string; message: string }) => e,
        );
        expect(error, what).not.toBeNull();
        expect(error!.code, what).toBe('bad_request');
        expect(error!.message, what).toMatch(reason);
      }
      await expect(fresh.call('session.import', { path: path.join(files.dir, 'missing.bcsession') })).rejects.toMatchObject({ code: 'not_found' });
      const after = fresh.host.context.db.prepare('SELECT (SELECT count(*) FROM sessions) AS s, (SELECT count(*) FROM session_events) AS e').get();
      expect(after).toEqual(before);
    } finally {
      await fresh.stop();
    }
  });
});
