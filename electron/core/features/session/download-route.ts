import fs from 'node:fs';
import path from 'node:path';
import { HostError } from '../../../shared/contract';
import type { Route } from '../../server/local-server';

const contentTypes: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.bcsession': 'application/gzip',
};

/**
 * GET /session/download/<exportId>?token=<control token>: the file a session.export call wrote, as
 * an attachment, so the browser UI can save it. Only ids of exports made by this host run are served,
 * never arbitrary paths. `prefix` lets the feature also answer the deprecated `/sessionlog/download/`.
 */
export function downloadRoute(prefix: string, fileOf: (exportId: string) => string | null): Route {
  return {
    prefix,
    scopes: [],
    handle(req, res, url) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HostError('session.download_method');
      const exportId = url.pathname.slice(prefix.length);
      const file = fileOf(exportId);
      if (!file || !fs.existsSync(file)) {
        throw new HostError('session.download_gone');
      }
      const name = path.basename(file);
      res.writeHead(200, {
        'Content-Type': contentTypes[path.extname(name)] ?? 'application/octet-stream',
        'Content-Length': fs.statSync(file).size,
        'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') return void res.end();
      return new Promise<void>((resolve, reject) => {
        fs.createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
      });
    },
  };
}
