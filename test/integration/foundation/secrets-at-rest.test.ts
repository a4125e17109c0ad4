import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../../electron/core/db/database';
import { waitFor } from '../../support/events';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';
import { WebhookReceiver } from '../cards/webhook-receiver';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Every byte the database keeps on disk: the main file and its write-ahead log. */
function databaseBytes(dataDir: string): Buffer {
  const file = path.join(dataDir, databaseFileName);
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/** Searches the bytes for the text as UTF-8 (how SQLite stores TEXT here). */
function containsText(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8'));
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostIn(dir: string): Promise<TestHost> {
  return startTestHost({ dataDir: dir });
}

describe('secrets at rest', () => {
  it('keeps no secret in plain text in the database file or its WAL', async () => {
    const temp = tempDir();
    cleanups.push(() => temp.cleanup());
    const host = await hostIn(temp.dir);
    const webhookSecret = newSecret();
    const obsPassword = `obs-pw-${randomBytes(8).toString('hex')}`;
    await host.call('webhook.setSecret', { secret: webhookSecret });
    await host.call('obs.setPassword', { password: obsPassword, remember: true });
    // Platform credentials: kept whether or not this build has the platform's adapter.
    const platformSecrets = { appSecret: `tts-secret-${randomBytes(8).toString('hex')}`, accessToken: `tts-at-${randomBytes(12).toString('hex')}`, refreshToken: `tts-rt-${randomBytes(12).toString('hex')}` };
    const shop = await host.call('platform.save', {
      platform: 'tiktok-shop',
      label: 'TikTok UK',
      markets: ['GB'],
      // Nothing listens there: a build with the TikTok adapter checks the tokens and fails at once.
      apiBase: 'http://127.0.0.1:9',
      authBase: 'http://127.0.0.1:9',
      credentials: { appKey: 'app-key-1', ...platformSecrets },
    });
    expect(JSON.stringify(shop)).not.toMatch(/tts-(secret|at|rt)-/);
    const tokens = (['control', 'follow', 'overlay'] as const).map((scope) => host.host.context.tokens.token(scope));

    // While the host runs (the WAL holds the latest writes) and after it stopped.
    for (const phase of ['running', 'stopped']) {
      if (phase === 'stopped') await host.stop();
      const bytes = databaseBytes(temp.dir);
      expect(bytes.length).toBeGreaterThan(0);
      for (const secret of [webhookSecret, webhookSecret.slice(6), obsPassword, ...tokens, ...Object.values(platformSecrets)]) {
        expect(containsText(bytes, secret), `${phase}: a secret is readable in the database`).toBe(false);
      }
    }

    // The secrets still work after a restart: the same tokens, the webhook secret set, the password kept.
    const again = await hostIn(temp.dir);
    cleanups.push(() => again.stop());
    expect((['control', 'follow', 'overlay'] as const).map((scope) => again.host.context.tokens.token(scope))).toEqual(tokens);
    expect((await again.call('outputs.list', {})).webhookSecretSet).toBe(true);
    expect((await again.call('obs.getStatus', {})).password).toMatchObject({ set: true, remembered: true });
    const [kept] = (await again.call('platform.list', {})).connections;
    expect(kept?.credentialsSet.sort()).toEqual(['accessToken', 'appKey', 'appSecret', 'refreshToken']);
    expect(JSON.parse(again.host.context.secrets.get(`platform.${shop.id}`)!)).toMatchObject(platformSecrets);
  });

  it('moves the plain-text secrets of an older data folder into the secret store, and they keep working', async () => {
    const temp = tempDir();
    cleanups.push(() => temp.cleanup());
    // An older version's folder: tokens and the webhook secret as plain rows of host_meta.
    const first = await hostIn(temp.dir);
    await first.stop();
    const webhookSecret = newSecret();
    const oldTokens = { control: 'old-control-token-0123456789', follow: 'old-follow-token-0123456789', overlay: 'old-overlay-token-0123456789' };
    const db = new Database(path.join(temp.dir, databaseFileName));
    db.prepare("DELETE FROM host_meta WHERE key LIKE 'secret.%'").run();
    const put = db.prepare('INSERT OR REPLACE INTO host_meta (key, value) VALUES (?, ?)');
    put.run('cards.webhookSecret', webhookSecret);
    for (const [scope, token] of Object.entries(oldTokens)) put.run(`token.${scope}`, token);
    db.close();
    expect(containsText(databaseBytes(temp.dir), webhookSecret)).toBe(true);

    const receiver = new WebhookReceiver(webhookSecret);
    await receiver.up();
    cleanups.push(() => receiver.down());
    const host = await hostIn(temp.dir);
    cleanups.push(() => host.stop());

    // The old links still open: the old tokens are the tokens.
    const overview = await fetch(`${host.baseUrl}/api/v1/outputs.list`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${oldTokens.control}` },
    });
    expect(overview.status).toBe(200);
    expect(((await overview.json()) as { webhookSecretSet: boolean }).webhookSecretSet).toBe(true);
    expect(host.host.context.tokens.token('overlay')).toBe(oldTokens.overlay);

    // A push is signed with the old secret (checked by the reference library).
    await host.call('settings.set', { cards: { webhookUrl: receiver.url } });
    await host.call('card.pin', { sku: 'TEA-JASMINE-100', output: 'overlay' });
    await waitFor(() => receiver.processed.length > 0 || receiver.badSignatures > 0, 'the pin to reach the webhook receiver');
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.processed[0]!.type).toBe('product.pinned');

    // Nothing plain is left in the file, its WAL or its free pages.
    const bytes = databaseBytes(temp.dir);
    for (const secret of [webhookSecret, webhookSecret.slice(6), ...Object.values(oldTokens)]) {
      expect(containsText(bytes, secret)).toBe(false);
    }
  });
});
