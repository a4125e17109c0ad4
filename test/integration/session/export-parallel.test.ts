import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../../electron/core/db/database';
import { ExportPool, exportSession, localExportReader } from '../../../electron/core/features/session/session-export';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';
import { recordEvents, rowsOf, sessionFeatureOf } from './helpers';

/** Exports rendered by worker threads in chunks of 10,000 seq values, written in order by the host. */

type StoredRow = { session_id: string; seq: number; at: number; kind: string; product_id: string | null; payload: string };

const texts = ['plain', 'comma, inside', 'say "buy" now', 'two\nlines', 'crlf\r\nend', 'Grüße, 中文 und 🎉', '', ' padded ', '"', '\\ backslash \\n'];
const events = 35_000;

let a: TestHost;
let b: TestHost;
let id: string;
const files = tempDir('broadcart-export-parallel-');

/** Appends `count` events with payloads full of characters CSV and JSON must escape. */
function writeEvents(host: TestHost, sessionId: string, startedAt: number, count: number): void {
  const log = sessionFeatureOf(host);
  for (let i = 0; i < count; i++) {
    const text = `${texts[i % texts.length]!} #${i}`;
    if (i % 3 === 0) {
      const productId = i % 2 ? `p-${i % 11}, "ü"` : `p-${i % 11}\r\nline 2`;
      log.writer.append(sessionId, startedAt + i, 'product.pinned', productId, { productId, sku: `SKU,${i % 11}\n`, output: 'main', market: 'DE' });
    } else if (i % 3 === 1) {
      log.writer.append(sessionId, startedAt + i, 'session.mark', null, { sessionId, text: i % 7 === 0 ? null : text });
    } else {
      log.writer.append(sessionId, startedAt + i, 'session.note', null, { sessionId, text });
    }
  }
  log.writer.flushAll();
}

/**
 * The CSV records an export must hold for these rows (all fields as text). Of the own-column fields
 * (sku, scene, price, currency, cue, lane) these events only have a pin's SKU: its product ids are not
 * in the catalog, so the SKU is the one the pin recorded.
 */
function csvRecords(rows: StoredRow[]): string[][] {
  return rows.map((r) => {
    const sku = r.kind === 'product.pinned' ? String((JSON.parse(r.payload) as { sku?: string }).sku ?? '') : '';
    return [r.session_id, String(r.seq), String(r.at), new Date(r.at).toISOString(), r.kind, r.product_id ?? '', sku, '', '', '', '', '', r.payload];
  });
}

function parseCsv(file: string): string[][] {
  const parsed = Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { header: false, newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  // The file ends with a line break, which Papa Parse reads as one last empty record.
  expect(parsed.data.at(-1)).toEqual(['']);
  return parsed.data.slice(0, -1);
}

function partFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.part'));
}

beforeAll(async () => {
  a = await startTestHost({ seedDemo: false });
  b = await startTestHost({ seedDemo: false });
  const session = await a.call('session.start', { title: 'Parallel, "export" night', market: 'DE', hosts: ['Ana'], languages: ['de'] });
  id = session.id;
  writeEvents(a, id, session.startedAt, events);
  await a.call('session.end');
});
afterAll(async () => {
  await a.stop();
  await b.stop();
  files.cleanup();
});

describe('parallel export', () => {
  it('writes every row of a multi-chunk session to CSV in seq order, with progress', async () => {
    const stored = rowsOf(a, id) as StoredRow[];
    expect(stored).toHaveLength(events + 2);
    const rec = recordEvents(a);
    const result = await a.call('session.export', { id, format: 'csv', folder: files.dir });
    rec.stop();
    expect(result.rows).toBe(stored.length);
    const records = parseCsv(result.path);
    expect(records[0]).toEqual(['session_id', 'seq', 'at_ms', 'at_iso', 'kind', 'product_id', 'sku', 'scene', 'price', 'currency', 'cue', 'lane', 'payload']);
    expect(records.slice(1)).toEqual(csvRecords(stored));
    const progress = rec.events.filter((e) => e.name === 'session.export.progress').map((e) => e.payload as { written: number; total: number; done: boolean });
    expect(progress.at(-1)).toMatchObject({ written: stored.length, total: stored.length, done: true });
    expect(progress.filter((p) => p.done)).toHaveLength(1);
    expect(partFiles(files.dir)).toEqual([]);
  });

  it('writes JSON that parses and holds the same events in order', async () => {
    const result = await a.call('session.export', { id, format: 'json', folder: files.dir });
    const doc = JSON.parse(fs.readFileSync(result.path, 'utf8')) as { format: string; session: { id: string }; events: unknown[] };
    expect(doc.format).toBe('broadcart-session');
    expect(doc.session.id).toBe(id);
    const stored = rowsOf(a, id) as StoredRow[];
    expect(doc.events).toEqual(stored.map((r) => ({ seq: r.seq, at: r.at, kind: r.kind, productId: r.product_id, payload: JSON.parse(r.payload) as unknown })));
  });

  it('writes an archive that imports back with identical rows', async () => {
    const archive = await a.call('session.export', { id, format: 'archive', folder: files.dir });
    const imported = await b.call('session.import', { path: archive.path });
    expect(imported).toMatchObject({ importedEvents: events + 2, skippedEvents: 0 });
    expect(rowsOf(b, id)).toEqual(rowsOf(a, id));
    expect(await b.call('session.summary', { id })).toEqual(await a.call('session.summary', { id }));
  });

  it('keeps seq gaps out of the output, including a chunk with no rows at all', async () => {
    const session = await a.call('session.start', { title: 'gaps', market: 'US' });
    writeEvents(a, session.id, session.startedAt, 22_000);
    await a.call('session.end');
    // Seq 10,001-20,000 is one whole chunk: gone, as are scattered rows elsewhere.
    a.host.context.db.prepare('DELETE FROM session_events WHERE session_id = ? AND (seq BETWEEN 10001 AND 20000 OR seq % 7 = 3)').run(session.id);
    const stored = rowsOf(a, session.id) as StoredRow[];
    const csv = await a.call('session.export', { id: session.id, format: 'csv', folder: files.dir });
    expect(csv.rows).toBe(stored.length);
    expect(parseCsv(csv.path).slice(1)).toEqual(csvRecords(stored));
    const json = await a.call('session.export', { id: session.id, format: 'json', folder: files.dir });
    const doc = JSON.parse(fs.readFileSync(json.path, 'utf8')) as { events: { seq: number }[] };
    expect(doc.events.map((e) => e.seq)).toEqual(stored.map((r) => r.seq));
  });

  it('fails clearly when the workers cannot read the database, leaves no partial file, and recovers', async () => {
    const host = await startTestHost({ seedDemo: false });
    const out = tempDir('broadcart-export-failure-');
    try {
      const session = await host.call('session.start', { title: 'failing', market: 'US' });
      writeEvents(host, session.id, session.startedAt, 12_000);
      await host.call('session.end');
      // The host keeps its open connection; a worker opening the file by its name finds nothing.
      const dbFile = path.join(host.dataDir, databaseFileName);
      const moved = `${dbFile}.moved`;
      fs.renameSync(dbFile, moved);
      let error: { code: string; message: string } | null;
      try {
        error = await host.call('session.export', { id: session.id, format: 'csv', folder: out.dir }).then(
          () => null,
          (e: { code: string; message: string }) => e,
        );
      } finally {
        fs.renameSync(moved, dbFile);
      }
      expect(error).not.toBeNull();
      expect(error!.code).toBe('unavailable');
      expect(error!.message).toMatch(/^The export could not read and render the session: cannot open the database .*broadcart\.db for reading/);
      expect(fs.readdirSync(out.dir)).toEqual([]);

      // The failed workers were discarded: the next export starts fresh ones and succeeds.
      const result = await host.call('session.export', { id: session.id, format: 'csv', folder: out.dir });
      expect(result.rows).toBe(12_002);
      expect(parseCsv(result.path).slice(1)).toEqual(csvRecords(rowsOf(host, session.id) as StoredRow[]));
      expect(partFiles(out.dir)).toEqual([]);
    } finally {
      await host.stop();
      out.cleanup();
    }
  });

  it('fails clearly when a worker thread dies mid-export, and the same pool then starts fresh workers', async () => {
    const pool = new ExportPool({ file: a.host.context.db.name });
    const out = tempDir('broadcart-export-crash-');
    try {
      const session = await a.call('session.get', { id });
      const running = exportSession(localExportReader(a.host.context.db, pool), session, 'csv', out.dir, () => undefined);
      // The first chunks are already handed out: stop one worker before it can answer.
      const { workers } = pool as unknown as { workers: { worker: Worker }[] };
      expect(workers).toHaveLength(pool.size);
      void workers[0]!.worker.terminate();
      await expect(running).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/worker thread stopped unexpectedly/) as unknown });
      expect(fs.readdirSync(out.dir)).toEqual([]);

      const again = await exportSession(localExportReader(a.host.context.db, pool), session, 'csv', out.dir, () => undefined);
      expect(again.rows).toBe(events + 2);
      expect(parseCsv(again.path).slice(1)).toEqual(csvRecords(rowsOf(a, id) as StoredRow[]));

      // Stopping the pool fails an export in progress the same way.
      const stopped = expect(exportSession(localExportReader(a.host.context.db, pool), session, 'json', out.dir, () => undefined)).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/stopped before the export was finished/) as unknown,
      });
      await pool.close();
      await stopped;
      expect(partFiles(out.dir)).toEqual([]);
    } finally {
      await pool.close();
      out.cleanup();
    }
  });

  it('refuses a folder that is a file, and a file that cannot be created, with a reason and no partial file', async () => {
    const notAFolder = path.join(files.dir, 'not-a-folder');
    fs.writeFileSync(notAFolder, 'x');
    await expect(a.call('session.export', { id, format: 'csv', folder: notAFolder })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^Cannot export into .*not-a-folder: it is not a folder/) as unknown,
    });
    if (process.platform === 'linux') {
      // /proc exists as a folder, but no file can be created in it (not even by root).
      for (const format of ['csv', 'archive'] as const) {
        await expect(a.call('session.export', { id, format, folder: '/proc' })).rejects.toMatchObject({
          code: 'unavailable',
          message: expect.stringMatching(/^Cannot write the export into \/proc \(ENOENT/) as unknown,
        });
      }
    }
    expect(partFiles(files.dir)).toEqual([]);
  });
});
