import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './obs/free-port';

/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package: initdb in a temp folder, the
 * server on a free loopback port, removed by destroy(). initdb and postgres refuse to run as root, so
 * under root both run as the `postgres` system user (the package creates it) and own the folder.
 *
 * The server is started directly (not through pg_ctl) in its own process group, so a test can stop it
 * cleanly, start it again on the same folder and port, or SIGKILL the whole group (postmaster and
 * backends at once: what a power cut or an OOM kill does to a database server).
 */

export const superuserPassword = 'test-admin-password';

export interface PgCluster {
  readonly port: number;
  readonly dataDir: string;
  /** postgres:// URL for a user (the superuser by default) on the `postgres` database, or `database`. */
  url(user?: string, password?: string, database?: string): string;
  readonly adminUrl: string;
  /** Starts the server (after stop() or kill()) and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Fast shutdown (SIGINT: open transactions are rolled back, connections closed), awaited. */
  stop(): Promise<void>;
  /** SIGKILL of the postmaster and every backend, awaited; start() then runs crash recovery. */
  kill(): Promise<void>;
  readonly running: boolean;
  /** Stops the server if it runs and removes the folder. */
  destroy(): Promise<void>;
}

/** The newest Debian PostgreSQL's bin folder (/usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root)
    ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error('PostgreSQL is not installed: run `apt-get install -y postgresql` (Debian/Ubuntu), as .ci/run does.');
  }
  return path.join(root, majors[0]!, 'bin');
}

/** uid/gid to run the server as: ours, or the `postgres` user's when we are root. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const probe = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gidProbe = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (probe.status !== 0 || gidProbe.status !== 0) {
    throw new Error('Running as root and there is no `postgres` user to run PostgreSQL as: install Debian\'s `postgresql` package.');
  }
  return { uid: Number(probe.stdout.trim()), gid: Number(gidProbe.stdout.trim()) };
}

export interface PostgresOptions {
  /**
   * Serve TLS (ssl=on) with this certificate and key (PEM text). Password logins still work with or
   * without TLS (pg_hba's `host` lines match both), so a client's sslmode decides.
   */
  tls?: { certPem: string; keyPem: string };
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PgCluster> {
  const bin = postgresBinDir();
  const user = serverUser();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadcart-pg-'));
  const dataDir = path.join(root, 'data');
  const pwFile = path.join(root, 'pw');
  fs.writeFileSync(pwFile, superuserPassword);
  if (user) {
    fs.chownSync(root, user.uid, user.gid);
    fs.chownSync(pwFile, user.uid, user.gid);
  }
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  const tlsArgs: string[] = [];
  if (options.tls) {
    // The server refuses a key file anyone but its owner may read.
    const certFile = path.join(root, 'server.crt');
    const keyFile = path.join(root, 'server.key');
    fs.writeFileSync(certFile, options.tls.certPem, { mode: 0o644 });
    fs.writeFileSync(keyFile, options.tls.keyPem, { mode: 0o600 });
    if (user) for (const f of [certFile, keyFile]) fs.chownSync(f, user.uid, user.gid);
    tlsArgs.push('-c', 'ssl=on', '-c', `ssl_cert_file=${certFile}`, '-c', `ssl_key_file=${keyFile}`);
  }
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: root };

  // Password (SCRAM) over TCP for every role, so the tests exercise what a studio PC does.
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'],
    { ...asUser, env, encoding: 'utf8', cwd: root },
  );
  if (init.status !== 0) {
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  }

  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    if (child) return;
    const proc = spawn(
      path.join(bin, 'postgres'),
      [
        '-D', dataDir,
        '-p', String(port),
        '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=${root}`,
        // Durable against a killed process either way (the WAL is written before commit returns);
        // fsync only matters for an OS crash, which a test cannot cause.
        '-c', 'fsync=off',
        '-c', 'max_connections=50',
        '-c', 'shared_buffers=32MB',
        ...tlsArgs,
      ],
      { ...asUser, env, cwd: root, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    exited = new Promise((resolve) =>
      proc.once('exit', () => {
        if (child === proc) child = null;
        resolve();
      }),
    );
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('database system is ready to accept connections')) {
          proc.stderr!.off('data', onData);
          // Keep draining stderr so the server never blocks on a full pipe.
          proc.stderr!.resume();
          resolve();
        }
      };
      proc.stderr!.on('data', onData);
      // After readiness this rejects nothing (a settled promise ignores it).
      proc.once('exit', (code, signal) => reject(new Error(`postgres exited before accepting connections (${code ?? signal}):\n${log}`)));
    });
    // The log line comes from the postmaster; pg_isready confirms the port answers.
    const ready = spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '10'], { encoding: 'utf8' });
    if (ready.status !== 0) throw new Error(`postgres does not accept connections on port ${port}: ${ready.stdout}${ready.stderr}`);
  };

  const signalGroup = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc?.pid) return;
    const done = exited;
    process.kill(signal === 'SIGKILL' ? -proc.pid : proc.pid, signal);
    await done;
    child = null;
    if (signal === 'SIGKILL') await waitGroupGone(proc.pid);
  };

  await start();
  const url = (u = 'postgres', password = superuserPassword, database = 'postgres') =>
    `postgres://${encodeURIComponent(u)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    dataDir,
    url,
    adminUrl: url(),
    start,
    stop: () => signalGroup('SIGINT'),
    kill: () => signalGroup('SIGKILL'),
    get running() {
      return child !== null;
    },
    async destroy() {
      await signalGroup('SIGINT');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * After a SIGKILL of the group, a new postmaster refuses to start while an old backend still holds the
 * shared memory. Waits until no live (non-zombie) process is left in the group; zombies hold nothing,
 * and an init that does not reap them (some containers) would otherwise keep the group "alive" forever.
 */
async function waitGroupGone(pgid: number): Promise<void> {
  const alive = () =>
    fs.readdirSync('/proc').some((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && fields[0] !== 'Z';
      } catch {
        return false;
      }
    });
  while (alive()) await new Promise((resolve) => setImmediate(resolve));
}
