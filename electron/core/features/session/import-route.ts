import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { HostError } from '../../../shared/contract';
import { systemErrorParams } from '../../../shared/contract/error-terms';
import type { Route } from '../../server/local-server';

/** An archive of a long broadcast is tens of MB; this bounds what a browser can make the host store. */
const maxUploadBytes = 2 * 1024 * 1024 * 1024;

export type ImportOutcome = { session: unknown; importedEvents: number; skippedEvents: number };

/**
 * POST /session/import?name=<file name>&token=<control token>, the archive as the body: how the
 * browser UI imports a file picked or dropped on another device. The body goes to a temporary file in
 * the data folder (an archive can be larger than an API call may be), is imported like session.import,
 * and is removed. Answers the same JSON as session.import. `prefix` lets the feature also answer the
 * deprecated `/sessionlog/import` that older archive uploaders post to.
 */
export function importRoute(prefix: string, uploadDir: string, importFile: (file: string, name: string) => Promise<ImportOutcome>): Route {
  return {
    prefix,
    scopes: [],
    async handle(req, res, url) {
      if (req.method !== 'POST') throw new HostError('session.upload_method');
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxUploadBytes) throw new HostError('session.upload_too_large');
      // Only the base name, for messages: never a path the caller chose.
      const name = path.basename(url.searchParams.get('name') ?? '').slice(0, 200) || 'the uploaded file';
      fs.mkdirSync(uploadDir, { recursive: true });
      const file = path.join(uploadDir, `${randomUUID()}.upload`);
      try {
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxUploadBytes) req.destroy(new Error('larger than 2 GB'));
        });
        try {
          await pipeline(req, fs.createWriteStream(file));
        } catch (error) {
          throw new HostError('session.upload_incomplete', { name, ...systemErrorParams(error) });
        }
        const result = await importFile(file, name);
        const body = JSON.stringify(result);
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
        res.end(body);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  };
}
