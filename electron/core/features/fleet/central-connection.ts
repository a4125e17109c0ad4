import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ClientConfig } from 'pg';
import { HostError } from '../../../shared/contract';

/**
 * From what Settings hold (URL, password from the secret store, CA file) to a `pg` client config, and
 * from a failure to what the status says (wrong password, TLS, unreachable, disk full on the server...).
 *
 * The URL is parsed here, not by `pg`: `pg` lets a URL's (empty) password and its sslmode override the
 * password and TLS options given beside it. sslmode follows libpq's meaning:
 * - disable: no TLS (the default without a CA file);
 * - require: TLS, the certificate is not checked (with a CA file: checked against it, as libpq does);
 * - verify-ca: TLS, the certificate must chain to the CA file (any host name);
 * - verify-full: TLS, the chain and the host name are checked (the CA file, else the system's CAs).
 */

export const sslModes = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof sslModes)[number];

export interface CentralTarget {
  url: string;
  password: string | null;
  caFile: string | null;
}

export interface ParsedUrl {
  host: string;
  port: number;
  database: string;
  user: string;
  sslMode: SslMode | null;
  /** host:port/database: what the local cursors are kept for (another server starts from nothing). */
  target: string;
}

const knownParams = new Set(['sslmode', 'application_name']);

export function parseCentralUrl(url: string): ParsedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HostError('fleet.bad_url', { reason: 'is not a URL' });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new HostError('fleet.bad_url', { reason: `starts with ${parsed.protocol}// instead of postgres://` });
  }
  if (parsed.password) {
    throw new HostError('fleet.bad_url', { reason: 'holds a password: give it in the password field (it is kept encrypted), not in the URL' });
  }
  const user = decodeURIComponent(parsed.username);
  if (!user) throw new HostError('fleet.bad_url', { reason: 'names no user: put the studio login before the host, as in postgres://studio1@host' });
  if (!parsed.hostname) throw new HostError('fleet.bad_url', { reason: 'names no server' });
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new HostError('fleet.bad_url', { reason: 'names no database: end it with /<database>' });
  for (const key of parsed.searchParams.keys()) {
    if (!knownParams.has(key)) throw new HostError('fleet.bad_url', { reason: `has an option "${key}" this app does not use (known: sslmode, application_name)` });
  }
  const mode = parsed.searchParams.get('sslmode');
  if (mode !== null && !(sslModes as readonly string[]).includes(mode)) {
    throw new HostError('fleet.bad_url', { reason: `has sslmode=${mode}; use one of ${sslModes.join(', ')}` });
  }
  const host = parsed.hostname.replace(/^\[(.+)\]$/, '$1');
  const port = parsed.port ? Number(parsed.port) : 5432;
  return { host, port, database, user, sslMode: mode as SslMode | null, target: `${host}:${port}/${database}` };
}

export function readCaFile(file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw Object.assign(new Error('not a PEM certificate'), { code: 'not PEM' });
    return text;
  } catch (error) {
    throw new HostError('fleet.ca_file_unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
  }
}

/** Certificates chosen with the file picker: `<dataDir>/certificates/<purpose>-ca-<sha256, 16 hex>.pem`. */
const certificatesFolder = (dataDir: string) => path.join(dataDir, 'certificates');
const keptCaName = (purpose: 'fleet' | 'review', pem: string) => `${purpose}-ca-${createHash('sha256').update(pem).digest('hex').slice(0, 16)}.pem`;
const keptCaNames = (purpose: 'fleet' | 'review') => new RegExp(`^${purpose}-ca-[0-9a-f]{16}\\.pem$`);

/**
 * Keeps a CA certificate picked in Settings (its PEM text: a browser page cannot hand over a path) in the
 * data folder and returns the file's path, the caFile the connection then uses. Named by its content, so
 * a pick that is then refused (a wrong login) never replaces the file a kept connection reads.
 */
function keepCaCertificate(dataDir: string, purpose: 'fleet' | 'review', pem: string): string {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new HostError('fleet.ca_pem_invalid', {});
  try {
    // Parses the first certificate: a file with the markers and garbage between them is refused here.
    new X509Certificate(pem);
  } catch (error) {
    throw new HostError('fleet.ca_pem_unreadable', { reason: (error as Error).message });
  }
  const folder = certificatesFolder(dataDir);
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, keptCaName(purpose, pem));
  if (!fs.existsSync(file)) {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, pem, { mode: 0o644 });
    fs.renameSync(temp, file);
  }
  return file;
}

/**
 * After a connection is saved: the certificates this data folder kept for it before (chosen with the
 * file picker, named by content) and no longer uses are removed. Files the user named by path and the
 * other connection's certificates are left alone.
 */
export function pruneCaCertificates(dataDir: string, purpose: 'fleet' | 'review', inUse: string | null): void {
  const folder = certificatesFolder(dataDir);
  const kept = keptCaNames(purpose);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(folder, name);
    if (kept.test(name) && file !== inUse) fs.rmSync(file, { force: true });
  }
}

/**
 * The CA file a connection is saved with, checked readable: the certificate sent (caPem, kept by
 * keepCaCertificate), else the path given, else the one saved before. `caFile: null` or "" means none.
 */
export function caFileToSave(dataDir: string, purpose: 'fleet' | 'review', input: { caFile?: string | null; caPem?: string }, previous: string | null): string | null {
  const caFile = input.caPem !== undefined ? keepCaCertificate(dataDir, purpose, input.caPem) : input.caFile === undefined ? previous : input.caFile || null;
  if (caFile) readCaFile(caFile);
  return caFile;
}

/** The `pg` config for a target; throws fleet.bad_url / fleet.ca_file_unreadable. */
export function clientConfig(target: CentralTarget, appName = 'Broadcart Studio'): ClientConfig {
  const url = parseCentralUrl(target.url);
  const ca = target.caFile ? readCaFile(target.caFile) : undefined;
  const mode: SslMode = url.sslMode ?? (ca ? 'verify-full' : 'disable');
  let ssl: ClientConfig['ssl'];
  if (mode === 'disable') ssl = false;
  else if (mode === 'require' && !ca) ssl = { rejectUnauthorized: false };
  // The name checked is the host's: pg passes it to TLS (as SNI only when it is a name, not an IP address).
  else if (mode === 'verify-full') ssl = { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  // verify-ca (or require with a CA): the chain must hold, the name is not checked.
  else ssl = { rejectUnauthorized: true, ...(ca ? { ca } : {}), checkServerIdentity: () => undefined };
  return {
    host: url.host,
    port: url.port,
    database: url.database,
    user: url.user,
    password: target.password ?? undefined,
    ssl,
    application_name: new URL(target.url).searchParams.get('application_name') ?? appName,
    connectionTimeoutMillis: 10_000,
    // A dead server (cable pulled) is noticed by the keepalive instead of a hang.
    keepAlive: true,
  };
}

/** The URL as shown: no password ever (parseCentralUrl refuses one anyway). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** What kind of failure: offline ones are retried quietly; the others need the user (still retried). */
export interface Problem {
  offline: boolean;
  error: HostError;
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);
const offlineCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Sorts a failure of a connect, a query or a COPY into what the status shows. */
export function classifyFailure(error: unknown, target: { host: string; user: string }): Problem {
  if (error instanceof HostError) return { offline: false, error };
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(error);
  if (code === '28P01' || code === '28000') return { offline: false, error: new HostError('fleet.wrong_password', { user: target.user }) };
  if (tlsCodes.has(code) || /SSL|TLS|certificate/i.test(message)) {
    return { offline: false, error: new HostError('fleet.tls_failed', { reason: message }) };
  }
  if (code === '53100') return { offline: false, error: new HostError('fleet.server_full', { reason: message }) };
  if (code === '42501') return { offline: false, error: new HostError('fleet.login_refused', { reason: message }) };
  // 57P01-03: the server shuts down or is starting; 08xxx: connection exceptions.
  if (offlineCodes.has(code) || code.startsWith('57P') || code.startsWith('08') || /terminated|timeout|Connection|ended/i.test(message)) {
    return { offline: true, error: new HostError('fleet.unreachable', { host: target.host, reason: code || message }) };
  }
  return { offline: false, error: new HostError('fleet.failed', { reason: message }) };
}
