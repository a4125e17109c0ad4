import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../electron/shared/contract/fleet';
import { setupCentral } from '../../../electron/core/features/fleet/central-setup';
import { waitFor } from '../../support/events';
import { startTestHost, type TestHost } from '../../support/host';
import { startPostgres, type PgCluster } from '../../support/postgres';
import { makeTestCertificates, type TestCertificates } from '../../support/tls-certificates';

/**
 * TLS to the central store, against real PostgreSQL servers: one serving TLS with a certificate signed by
 * a CA made here, one without TLS. The studio syncs over verify-full with the right CA file; a wrong CA
 * file and sslmode=require against the plain server are refused, and fleet.status says it was TLS and why.
 */
describe('fleet sync over TLS', () => {
  let certs: TestCertificates;
  let secure: PgCluster;
  let plain: PgCluster;
  let h: TestHost;

  beforeAll(async () => {
    certs = makeTestCertificates();
    [secure, plain] = await Promise.all([startPostgres({ tls: { certPem: certs.serverCertPem, keyPem: certs.serverKeyPem } }), startPostgres()]);
    const admin = new pg.Client({ connectionString: secure.adminUrl });
    await admin.connect();
    await setupCentral(admin, { studios: [{ name: 'studio_tls', password: 'pw-tls' }], managers: [] });
    await admin.end();
    h = await startTestHost({ fleetSync: { retryMinMs: 20, retryMaxMs: 200, idleMs: 200, liveDelayMs: 20 } });
  });
  afterAll(async () => {
    await h?.stop();
    await Promise.all([secure?.destroy(), plain?.destroy()]);
    certs?.remove();
  });

  const status = () => h.call('fleet.status') as Promise<FleetStatus>;
  /** The status once it says a TLS refusal from `port` (not the one before from another server). */
  const refused = (port: number, why: string) =>
    waitFor(async () => {
      const s = await status();
      return s.url?.includes(`:${port}/`) && s.state === 'error' && s.problem?.key === 'fleet.tls_failed' ? s : false;
    }, why);

  it('syncs with sslmode=verify-full and the right CA file, over TLS', async () => {
    const session = await h.call('session.start', { title: 'Over TLS', market: 'US' });
    await h.call('session.mark', { text: 'sealed' });
    await h.call('fleet.configure', {
      url: `postgres://studio_tls@127.0.0.1:${secure.port}/postgres?sslmode=verify-full`,
      password: 'pw-tls',
      caFile: certs.caFile,
    });
    await waitFor(async () => (await status()).state === 'upToDate', 'up to date over TLS');
    h.host.features.session.writer.flushAll();
    const local = (h.host.context.db.prepare('SELECT count(*) AS n FROM session_events WHERE session_id = ?').get(session.id) as { n: number }).n;
    const admin = new pg.Client({ connectionString: secure.adminUrl });
    await admin.connect();
    try {
      await waitFor(
        async () => (await admin.query('SELECT count(*)::int AS n FROM fleet.events WHERE session_id = $1', [session.id])).rows[0].n === local,
        'the session central',
      );
      // The studio's own backend speaks TLS (not a plain connection that happened to work).
      const { rows } = await admin.query(
        `SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'studio_tls'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r: { ssl: boolean }) => r.ssl)).toBe(true);
    } finally {
      await admin.end();
    }
    await h.call('session.end', {});
  });

  it('refuses a server whose certificate the CA file did not sign, and says it was TLS', async () => {
    await h.call('fleet.configure', {
      url: `postgres://studio_tls@127.0.0.1:${secure.port}/postgres?sslmode=verify-full`,
      caFile: certs.otherCaFile,
    });
    const s = await refused(secure.port, 'a TLS refusal for the wrong CA');
    expect(s.problem!.message).toMatch(/^The secure connection to the central database failed: .*certificate/i);
    expect(s.problem!.message).toMatch(/Check sslmode in the address and the CA file/);
    expect(s.lastSyncAt).not.toBeNull(); // what was synced before stays said
  });

  it('refuses sslmode=require against a server without TLS, and says so', async () => {
    await h.call('fleet.configure', { url: `postgres://studio_tls@127.0.0.1:${plain.port}/postgres?sslmode=require`, caFile: null });
    const s = await refused(plain.port, 'a TLS refusal from the plain server');
    expect(s.problem!.message).toMatch(/does not (support|accept) (SSL|TLS)/i);
  });

  it('takes the CA certificate itself (chosen with a file picker), keeps it in the data folder and syncs with it; a file that is no certificate changes nothing', async () => {
    const secureUrl = `postgres://studio_tls@127.0.0.1:${secure.port}/postgres?sslmode=verify-full`;
    const before = await status();
    await expect(h.call('fleet.configure', { url: secureUrl, caPem: 'hello, I am a shopping list' })).rejects.toMatchObject({ key: 'fleet.ca_pem_invalid' });
    const garbled = '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n';
    await expect(h.call('fleet.configure', { url: secureUrl, caPem: garbled })).rejects.toMatchObject({ key: 'fleet.ca_pem_unreadable' });
    expect(await status()).toMatchObject({ url: before.url, caFile: before.caFile });

    const pem = fs.readFileSync(certs.caFile, 'utf8');
    const configured = (await h.call('fleet.configure', { url: secureUrl, caPem: pem })) as FleetStatus;
    expect(path.dirname(configured.caFile!)).toBe(path.join(h.dataDir, 'certificates'));
    expect(fs.readFileSync(configured.caFile!, 'utf8')).toBe(pem);
    await waitFor(async () => {
      const s = await status();
      return s.url?.includes(`:${secure.port}/`) && s.state === 'upToDate';
    }, 'up to date with the CA chosen as a file');
    // The same certificate again is the same file. Another one replaces it: the old file goes, while the
    // manager's review certificate in the same folder stays.
    expect(((await h.call('fleet.configure', { url: secureUrl, caPem: pem })) as FleetStatus).caFile).toBe(configured.caFile);
    const reviewCa = path.join(h.dataDir, 'certificates', 'review-ca-0123456789abcdef.pem');
    fs.writeFileSync(reviewCa, pem);
    const replaced = (await h.call('fleet.configure', { url: secureUrl, caPem: fs.readFileSync(certs.otherCaFile, 'utf8') })) as FleetStatus;
    await refused(secure.port, 'a TLS refusal for the other CA chosen as a file');
    expect(fs.readdirSync(path.join(h.dataDir, 'certificates')).sort()).toEqual([path.basename(replaced.caFile!), path.basename(reviewCa)].sort());
  });
});
