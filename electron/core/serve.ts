/**
 * `npm run serve`: the studio host under plain Node, without Electron. Prints one line with the
 * control-room address and runs until SIGINT or SIGTERM.
 *
 *   --port N       port to listen on (0 picks a free port; default 7420)
 *   --data-dir D   folder for the database (default ./broadcart-data)
 *   --lan          listen on every interface (default: 127.0.0.1 only)
 *   --lang CODE    UI language (en, zh-CN, es, vi, id, ar)
 *   --central URL  review the fleet's central PostgreSQL (a manager login, postgres://manager@host/db) instead
 *                  of this data folder's log; the password comes from PGPASSWORD, never the command line
 *   --central-ca F the CA file for sslmode=verify-full / verify-ca
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { uiLanguages } from '../shared/languages';
import { startHost } from './host';
import { appVersion } from './version';

function fail(message: string): never {
  process.stderr.write(`broadcart: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '7420' },
        'data-dir': { type: 'string', default: 'broadcart-data' },
        lan: { type: 'boolean', default: false },
        lang: { type: 'string' },
        central: { type: 'string' },
        'central-ca': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}. Try --help.`);
  }
  if (values.help) {
    process.stdout.write(`Usage: npm run serve -- [--port N] [--data-dir DIR] [--lan] [--lang ${uiLanguages.join('|')}] [--central postgres://manager@host/db [--central-ca FILE]]\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535 (got "${values.port}").`);
  if (values.lang !== undefined && !(uiLanguages as readonly string[]).includes(values.lang)) {
    fail(`--lang must be one of ${uiLanguages.join(', ')} (got "${values.lang}").`);
  }
  if (values['central-ca'] !== undefined && values.central === undefined) fail('--central-ca needs --central <postgres:// URL>.');
  if (values.central !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(values.central)) {
    fail(`--central must be a postgres:// URL such as postgres://manager@db.example.com/fleet (got "${values.central}").`);
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  let host;
  try {
    host = await startHost({
      dataDir: path.resolve(values['data-dir']),
      port,
      lan: values.lan,
      lang: values.lang,
      staticDir: path.resolve(here, '../renderer'),
      runtime: 'node',
      version: appVersion,
      central: values.central === undefined ? undefined : { url: values.central, password: process.env.PGPASSWORD ?? null, caFile: values['central-ca'] ?? null },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  process.stdout.write(`Broadcart Studio listening on ${host.url()}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    host
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`broadcart: stopping after ${signal} failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
