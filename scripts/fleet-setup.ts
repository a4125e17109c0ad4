/**
 * npm run fleet:setup -- postgres://admin@db.example.com:5432/broadcart [--studio-login NAME[:PASSWORD]]...
 *                        [--manager-login NAME[:PASSWORD]]... [--ca-file FILE]
 *
 * Prepares a PostgreSQL database as the fleet's central store (electron/core/features/fleet/central-setup.ts):
 * the schema and its migrations, the roles broadcart_studio and broadcart_manager, event partitions by month,
 * and the login roles asked for. Give the admin password in the URL or in PGPASSWORD. A login given
 * without a password gets a random one, printed once. Safe to run again (for a new studio PC, say).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { setupCentral, type LoginRequest } from '../electron/core/features/fleet/central-setup';
import { HostError } from '../electron/shared/contract';

const usage =
  'Usage: npm run fleet:setup -- postgres://admin@HOST:5432/DATABASE [--studio-login NAME[:PASSWORD]] [--manager-login NAME[:PASSWORD]] [--ca-file FILE]';

function logins(values: string[] | undefined): LoginRequest[] {
  return (values ?? []).map((value) => {
    const at = value.indexOf(':');
    return at < 0 ? { name: value } : { name: value.slice(0, at), password: value.slice(at + 1) };
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'studio-login': { type: 'string', multiple: true },
      'manager-login': { type: 'string', multiple: true },
      'ca-file': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length !== 1 || !/^postgres(ql)?:\/\//.test(positionals[0]!)) {
    console.error(values.help ? usage : `Give the admin connection URL of the central database.\n${usage}`);
    process.exit(values.help ? 0 : 2);
  }
  const ssl = values['ca-file'] ? { ca: fs.readFileSync(values['ca-file'], 'utf8') } : undefined;
  const client = new pg.Client({ connectionString: positionals[0], ...(ssl ? { ssl } : {}) });
  await client.connect();
  try {
    const result = await setupCentral(client, { studios: logins(values['studio-login']), managers: logins(values['manager-login']) });
    console.log(
      result.from === result.to
        ? `Fleet schema is up to date (version ${result.to}).`
        : `Fleet schema migrated from version ${result.from} to ${result.to}.`,
    );
    console.log(`Event partitions created: ${result.partitionsCreated} (by month, a year back to three months ahead).`);
    for (const login of result.logins) {
      const role = login.kind === 'studio' ? 'studio login (broadcart_studio: its own studio only)' : 'manager login (broadcart_manager: reads every studio)';
      console.log(`${login.name}: ${role}; password ${login.password === null ? 'unchanged' : login.password}`);
    }
    if (result.logins.some((l) => l.kind === 'studio')) {
      console.log('On each studio PC: Settings > Fleet, the URL with that login as user name (postgres://NAME@HOST:PORT/DATABASE), and its password.');
    }
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(`fleet:setup failed: ${error instanceof HostError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
