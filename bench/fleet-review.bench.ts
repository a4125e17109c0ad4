/**
 * `npm run bench:fleet-review`: the manager's central review (CentralReview, as a manager's host runs it)
 * on a real PostgreSQL (a throwaway cluster from Debian's package) holding a fleet of BENCH_REVIEW_STUDIOS
 * studios (20) x BENCH_REVIEW_SESSIONS_PER_STUDIO sessions (25) x BENCH_REVIEW_EVENTS_PER_SESSION events
 * (20,000): 10,000,000 events over six months of monthly partitions.
 *
 * 1. The fleet is generated on the server (INSERT ... SELECT over generate_series, as the owner): studios
 *    and their logins, catalogs, script variants, sessions, events with the kinds and payload shapes the
 *    app logs, then the review aggregates (kind counts, health buckets, spans, points, product sales,
 *    viewers peak) derived from those events the way the PC computes them and the sync carries them.
 *    Then VACUUM ANALYZE, as autovacuum and an ANALYZE of the partitioned table would leave it.
 * 2. Baseline: a second database on the same server, set up the same way, holding BENCH_REVIEW_BASELINE_STUDIOS
 *    studio (1) with the same sessions per studio and events per session (500,000 events). The same call
 *    on both shows how each figure grows with the fleet, on the same machine in the same run.
 * 3. Each call, through a manager login and the review's own pool (openCentralStore): 2 warm-ups, then
 *    BENCH_REVIEW_RUNS (20) timed runs, p50 and p95. The summary is timed on sessions not mirrored yet
 *    (each run another session: what a manager opening a session pays), and again on a mirrored one.
 * Goals (the central review issue), on p95: session list page < 50 ms, one session's summary < 150 ms,
 * the per-host and per-product comparisons < 500 ms. The per-market and per-script-version comparisons
 * are shown without a goal. The server runs with the test cluster's settings (shared_buffers 32 MB), so
 * most pages come from the OS cache, not PostgreSQL's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { setupCentral } from '../electron/core/features/fleet/central-setup';
import { ensureEventPartitions } from '../electron/core/features/fleet/central-schema';
import { openCentralStore, type CentralStore } from '../electron/core/features/fleet/central-reader';
import { CentralReview } from '../electron/core/features/session/central-review';
import { aggregatedKinds, timelinePointKinds } from '../electron/core/features/session/review-aggregates';
import { healthBucketMs } from '../electron/core/features/session/health-sample';
import type { CompareBy } from '../electron/shared/contract/session';
import { startPostgres, type PgCluster } from '../test/support/postgres';
import { percentile } from './stats';

const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const studios = envNumber('BENCH_REVIEW_STUDIOS', 20);
const sessionsPerStudio = envNumber('BENCH_REVIEW_SESSIONS_PER_STUDIO', 25);
const eventsPerSession = envNumber('BENCH_REVIEW_EVENTS_PER_SESSION', 20_000);
const baselineStudios = envNumber('BENCH_REVIEW_BASELINE_STUDIOS', 1);
const runs = envNumber('BENCH_REVIEW_RUNS', 20);
/** Connections inserting at once (one per core of a small server). */
const loaders = envNumber('BENCH_REVIEW_LOADERS', 2);
const warmups = 2;
const months = 6;
const productsPerStudio = 60;
/** Events of one session per product block: a pin, a deal, scenes and a script load in each. */
const blockEvents = 500;
const managerLogin = { name: 'review_manager', password: 'bench-manager' };

const markets = {
  US: { currency: 'USD', minorDigits: 2, perUsdMinor: 1, languages: ['en'], shop: 'tiktok-shop', platforms: ['tiktok-shop', 'youtube'] },
  UK: { currency: 'GBP', minorDigits: 2, perUsdMinor: 0.79, languages: ['en'], shop: 'tiktok-shop', platforms: ['tiktok-shop', 'youtube'] },
  DE: { currency: 'EUR', minorDigits: 2, perUsdMinor: 0.92, languages: ['de', 'en'], shop: 'shopify', platforms: ['shopify', 'youtube', 'twitch'] },
  ID: { currency: 'IDR', minorDigits: 2, perUsdMinor: 15_800, languages: ['id', 'en'], shop: 'tiktok-shop', platforms: ['tiktok-shop', 'youtube'] },
  VN: { currency: 'VND', minorDigits: 0, perUsdMinor: 254, languages: ['vi', 'en'], shop: 'tiktok-shop', platforms: ['tiktok-shop', 'youtube'] },
} as const;
type Market = keyof typeof markets;
const marketKeys = Object.keys(markets) as Market[];

const cities: Record<Market, string[]> = {
  US: ['Austin', 'Brooklyn', 'Seattle', 'Miami'],
  UK: ['London', 'Manchester', 'Leeds', 'Bristol'],
  DE: ['Berlin', 'Hamburg', 'Munich', 'Cologne'],
  ID: ['Jakarta', 'Surabaya', 'Bandung', 'Medan'],
  VN: ['Hanoi', 'Saigon', 'Da Nang', 'Hai Phong'],
};
const hostNames: Record<Market, string[]> = {
  US: ['Ava', 'Noah', 'Mia', 'Liam', 'Zoe', 'Ethan', 'Chloe', 'Mason', 'Lily', 'Lucas', 'Grace', 'Owen'],
  UK: ['Olivia', 'George', 'Amelia', 'Harry', 'Isla', 'Jack', 'Poppy', 'Oscar', 'Freya', 'Alfie', 'Rosie', 'Theo'],
  DE: ['Lena', 'Jonas', 'Mila', 'Felix', 'Emma', 'Paul', 'Hanna', 'Leon', 'Lea', 'Finn', 'Clara', 'Ben'],
  ID: ['Putri', 'Rizky', 'Sari', 'Budi', 'Dewi', 'Agus', 'Intan', 'Fajar', 'Ayu', 'Dimas', 'Nadia', 'Yoga'],
  VN: ['Linh', 'Minh', 'Trang', 'Huy', 'Mai', 'Nam', 'Thao', 'Duc', 'Lan', 'Khoa', 'Ngoc', 'Bao'],
};
const chatLines: Record<string, [string, boolean][]> = {
  en: [['Does it ship to Spain?', true], ['Love the colour of that scarf', false], ['How long should I steep the jasmine tea?', true], ['Just ordered two!', false], ['Is there a code for free shipping?', true]],
  de: [['Wie lange dauert der Versand nach Berlin?', true], ['Gibt es das auch in Blau?', true], ['Hab gerade bestellt', false], ['Super Angebot', false]],
  id: [['apakah bisa kirim ke Jakarta?', true], ['Berapa harganya kak?', true], ['sudah checkout ya', false], ['mantap kak', false]],
  vi: [['có giao hàng đến Hà Nội không?', true], ['Giá bao nhiêu vậy?', true], ['đã đặt rồi nhé', false], ['đẹp quá', false]],
};
const titles = ['Morning tea ritual', 'Weekend flash deals', 'New in: spring picks', 'Gift ideas live', 'Clearance hour', 'Studio favourites'];
const items = ['Jasmine tea', 'Oolong tea', 'Silk scarf', 'Ceramic mug', 'Bamboo whisk', 'Linen tote', 'Lip tint', 'Face serum', 'Phone stand', 'Desk lamp', 'Rice cooker', 'Canvas sneakers'];
const variants = ['Classic', 'Deluxe', 'Mini', 'Twin pack', 'Gift set', 'Limited', 'Pro', 'Eco', 'Travel', 'XL'];
const skuPool = items.length * variants.length;

/** A fixed pseudo-random sequence, so two runs generate the same fleet (ids aside). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FleetSpec {
  database: string;
  studios: number;
}

interface Fleet {
  database: string;
  studioIds: string[];
  /** Session ids, each with its studio, newest last. */
  sessions: { id: string; studio: string }[];
  events: number;
}

const fmt = (n: number) => n.toLocaleString('en');
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Working tables of the generator (schema `bench`, dropped once the fleet is loaded). */
const generatorSchema = `
  CREATE SCHEMA bench;
  CREATE TABLE bench.sessions (
    studio_id uuid, studio_k int, session_id text, n int, title text, market text, currency text, minor_digits int,
    per_usd_minor float8, hosts_json text, languages_json text, platforms_json text, lead_language text, second_language text,
    started_ms bigint, step_ms bigint, shop_platform text, shop_connection text, viewers_connection text, viewers_base int,
    chat_texts text[], chat_languages text[], chat_questions boolean[]);
  CREATE TABLE bench.products (studio_id uuid, idx int, product_id text, sku text, name_en text, price_usd_minor int, script_id text, script_title text);

  -- An order as the audience feature logs it (contract/audience.ts \`order\`): one line, attributed.
  CREATE FUNCTION bench.order_json(s bench.sessions, p bench.products, order_no bigint, placed_ms bigint, updated_ms bigint, qty int,
                                   deal_id text, version text, status text, refunded int, price bigint) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT concat('{"key":"', s.shop_connection, ':', order_no, '","connectionId":"', s.shop_connection, '","platform":"', s.shop_platform,
      '","orderId":"', order_no, '","placedAt":', placed_ms, ',"updatedAt":', updated_ms, ',"status":"', status, '","currency":"', s.currency,
      '","minorDigits":', s.minor_digits, ',"totalMinor":', qty * price, ',"lines":[{"lineId":"', order_no, '-1","productId":"', p.product_id,
      '","sku":"', p.sku, '","remoteProductId":"r', p.idx, '","remoteSkuId":"rs', p.idx, '","quantity":', qty, ',"refundedQuantity":', refunded,
      ',"unitPriceMinor":', price, ',"attribution":{"pinnedProductId":"', p.product_id, '","dealId":', coalesce(to_json(deal_id)::text, 'null'),
      ',"cueId":null,"scriptId":"', p.script_id, '","scriptVersion":{"scriptId":"', p.script_id, '","version":"', version, '"},"hosts":',
      s.hosts_json, ',"market":"', s.market, '"}}],"sessionId":"', s.session_id, '"}')
  $$;`;

// Which event a seq is: g is the seq (1..N), t.b its product block, t.r its place in the block. The
// rare kinds come first, so every block has its pin, deal and script load; then a steady mix of about
// 25% stream health (one every ~2 s), 25% prompter cues, 47% chat, and viewers and orders.
const kindRules: [string, string][] = [
  ['g = 1', 'session.started'],
  ['g = 2', 'session.preflight'],
  ['g = $1', 'session.ended'],
  ['t.r IN (4, 254)', 'obs.scene.changed'],
  ['t.r = 5', 'prompter.loaded'],
  ['t.r = 6', 'prompter.started'],
  ['t.r = 10', 'product.pinned'],
  ['t.r = 50', 'deal.started'],
  [`t.r = 350 AND (t.b + s.n) % 5 = 0`, 'deal.soldOut'],
  ['t.r = 350', 'deal.ended'],
  ['t.r = 490', 'product.unpinned'],
  ['t.r = 495', 'prompter.paused'],
  ['g % 5000 = 2777', 'session.mark'],
  ['g % 7919 = 100', 'stream.alarm'],
  ['g % 56 = 7', 'audience.viewers'],
  ['g % 67 = 13', 'order.created'],
  ['g % 211 = 17', 'order.updated'],
  ['g % 4 = 0', 'stream.health'],
  ['g % 4 = 2', 'prompter.cue.reached'],
];

const atMs = 't.at_ms';
const dealId = `md5(s.session_id || '/' || t.b)::uuid::text`;
const price = 'round(p.price_usd_minor * s.per_usd_minor)::bigint';
const version = `CASE WHEN (t.b + s.n) % 2 = 0 THEN 'A' ELSE 'B' END`;
const unitsSold = '(5 + (t.b * 7 + s.n) % 40)';
const cueType = `(ARRAY['scene', 'card', 'deal', 'mark', 'pause', 'note'])[(g / 4) % 6 + 1]`;
const chatIndex = '((g * 7) % array_length(s.chat_texts, 1) + 1)';
/** The seq of the order an order.updated changes: the last order.created rule before it. */
const orderSeq = '(g - (g - 13) % 67)';
const num = (expr: string) => `(${expr})::float8`;

/** Payloads as the app logs them (compact JSON text, the contract's shapes). */
const payloads: Record<string, string> = {
  'session.started': `concat('{"sessionId":"', s.session_id, '","title":', to_json(s.title)::text, ',"market":"', s.market, '","hosts":', s.hosts_json, '}')`,
  'session.preflight': `concat('{"sessionId":"', s.session_id, '","market":"', s.market, '","platforms":', s.platforms_json,
    ',"errorCount":0,"warningCount":0,"findings":[],"override":null}')`,
  'session.ended': `concat('{"sessionId":"', s.session_id, '"}')`,
  'session.mark': `concat('{"sessionId":"', s.session_id, '","text":"Big reaction on the ', p.sku, ' demo"}')`,
  'stream.alarm': `'{"metric":"dropped","valuePct":6.4,"thresholdPct":5}'`,
  'obs.scene.changed': `concat('{"sceneName":"', (ARRAY['Host close-up', 'Product table', 'Split screen', 'Unboxing'])[(t.b * 2 + t.r / 250) % 4 + 1], '"}')`,
  'prompter.loaded': `concat('{"scriptId":"', p.script_id, '","title":', to_json(p.script_title)::text, ',"version":"', ${version}, '","languages":',
    s.languages_json, ',"leadLanguage":"', s.lead_language, '","pickedBy":"alternate","reason":"load","productId":"', p.product_id, '"}')`,
  'prompter.started': `concat('{"scriptId":"', p.script_id, '","title":', to_json(p.script_title)::text,
    ',"speed":{"unit":"wpm","value":140},"rehearsal":false,"productId":"', p.product_id, '"}')`,
  'prompter.paused': `concat('{"scriptId":"', p.script_id, '","reason":"user","position":{"cueIndex":', 20 + t.b % 7, ',"fraction":0.5},"productId":"', p.product_id, '"}')`,
  'product.pinned': `concat('{"productId":"', p.product_id, '","sku":"', p.sku, '","output":"overlay","market":"', s.market, '"}')`,
  'product.unpinned': `concat('{"productId":"', p.product_id, '","output":"overlay"}')`,
  'deal.started': `concat('{"dealId":"', ${dealId}, '","productId":"', p.product_id, '","market":"', s.market, '","dealPriceMinor":', ${price},
    ',"currency":"', s.currency, '","stock":50,"endsAt":', ${atMs} + 300 * s.step_ms, '}')`,
  'deal.ended': `concat('{"dealId":"', ${dealId}, '","productId":"', p.product_id, '","unitsSold":', ${unitsSold}, ',"revenueMinor":', ${unitsSold} * ${price},
    ',"currency":"', s.currency, '","reason":"time"}')`,
  'deal.soldOut': `concat('{"dealId":"', ${dealId}, '","productId":"', p.product_id, '","unitsSold":50,"revenueMinor":', 50 * ${price}, ',"currency":"', s.currency, '"}')`,
  'audience.viewers': `concat('{"connectionId":"', s.viewers_connection, '","platform":"youtube","viewers":', s.viewers_base + (g * 13) % 900, ',"at":', ${atMs}, '}')`,
  'order.created': `bench.order_json(s, p, s.n * 1000000::bigint + g, ${atMs}, ${atMs}, 1 + g % 3, CASE WHEN t.r BETWEEN 50 AND 350 THEN ${dealId} END,
    ${version}, 'paid', 0, ${price})`,
  'order.updated': `concat('{"order":', bench.order_json(s, p, s.n * 1000000::bigint + ${orderSeq}, s.started_ms + ${orderSeq} * s.step_ms, ${atMs},
    1 + ${orderSeq} % 3, NULL, ${version}, 'refunded', 1 + ${orderSeq} % 3, ${price}), ',"previousStatus":"paid"}')`,
  'stream.health': `concat('{"fps":', CASE WHEN g % 97 = 0 THEN 24 ELSE 30 END, ',"cpuPct":', ${num('round(18 + (g * 7 % 400) / 10.0, 1)')},
    ',"memoryMb":', 780 + g % 64, ',"renderSkippedPct":', CASE WHEN g % 89 = 0 THEN 1.5 ELSE 0 END,
    ',"outputSkippedPct":', CASE WHEN g % 113 = 0 THEN 0.8 ELSE 0 END, ',"droppedPct":', ${num('round((g % 23) / 100.0, 2)')},
    ',"congestion":', ${num('round((g % 10) / 100.0, 2)')}, ',"bytesPerSec":', 750000 + (g % 40) * 1000,
    ',"streaming":true,"reconnecting":false,"totalDroppedFrames":', g / 40, ',"totalStreamFrames":', g * s.step_ms * 30 / 1000, '}')`,
  'prompter.cue.reached': `concat('{"cueId":"c', (g / 4) % 180, '","cueType":"', ${cueType}, '","argument":',
    to_json(CASE (g / 4) % 6 WHEN 0 THEN 'Product table' WHEN 1 THEN p.sku WHEN 2 THEN 'start' WHEN 4 THEN '2s' ELSE 'Smile, slow down' END)::text,
    ',"lane":"', CASE WHEN g % 8 = 2 THEN 'lead' ELSE 'cohost' END, '","language":"', CASE WHEN g % 8 = 2 THEN s.lead_language ELSE s.second_language END,
    '","scriptId":"', p.script_id, '"', CASE WHEN (g / 4) % 6 = 1 THEN concat(',"productId":"', p.product_id, '"') END, '}')`,
  'chat.message': `concat('{"id":"youtube:m', s.n, '-', g, '","platform":"youtube","connectionId":"', s.viewers_connection, '","messageId":"m', s.n, '-', g,
    '","at":', ${atMs}, ',"authorKey":"', md5(s.studio_id::text || (g % 700)), '","text":', s.chat_texts[${chatIndex}],
    ',"kind":"text","amount":null,"language":"', s.chat_languages[${chatIndex}], '","question":', CASE WHEN s.chat_questions[${chatIndex}] THEN 'true' ELSE 'false' END,
    ',"starred":false,"answered":false,"hidden":false,"hiddenBy":null,"sessionId":"', s.session_id, '"}')`,
};

/** The kinds whose payload names a product (the writer copies payload.productId into product_id). */
const productKinds = ['product.pinned', 'product.unpinned', 'deal.started', 'deal.ended', 'deal.soldOut', 'prompter.loaded', 'prompter.started', 'prompter.paused'];

const insertEvents = `
  INSERT INTO fleet.events (studio_id, session_id, seq, at, kind, product_id, payload)
  SELECT s.studio_id, s.session_id, g, 'epoch'::timestamptz + ${atMs} * interval '1 millisecond', k.kind,
         CASE WHEN k.kind IN (${productKinds.map((kind) => `'${kind}'`).join(', ')}) OR (k.kind = 'prompter.cue.reached' AND (g / 4) % 6 = 1)
              THEN p.product_id END,
         (CASE k.kind ${Object.entries(payloads).map(([kind, sql]) => `WHEN '${kind}' THEN ${sql}`).join('\n')} END)::json
  FROM bench.sessions s
  CROSS JOIN LATERAL generate_series(1, $1::int) g
  CROSS JOIN LATERAL (SELECT s.started_ms + g * s.step_ms AS at_ms, g / ${blockEvents} AS b, g % ${blockEvents} AS r) t
  JOIN bench.products p ON p.studio_id = s.studio_id AND p.idx = (t.b + s.n) % ${productsPerStudio}
  CROSS JOIN LATERAL (SELECT CASE ${kindRules.map(([when, kind]) => `WHEN ${when} THEN '${kind}'`).join(' ')} ELSE 'chat.message' END AS kind) k
  WHERE s.n >= $2 AND s.n < $3`;

const dealKinds = `'deal.started', 'deal.ended', 'deal.soldOut', 'deal.cancelled'`;
const quoted = (list: readonly string[]) => list.map((k) => `'${k}'`).join(', ');

/**
 * One session's review aggregates from its events, as the PC's writer and review updater compute them
 * (review-aggregates.ts, session-store.ts) and the sync upserts them (sync-aggregates.ts). Reads only
 * that session's events (its key, within its months), while they are still in the cache.
 */
const deriveAggregates = `
  CREATE FUNCTION bench.derive(v_studio uuid, v_session text, v_from timestamptz, v_to timestamptz) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO fleet.session_kind_counts (studio_id, session_id, kind, n)
    SELECT v_studio, v_session, kind, count(*) FROM fleet.events WHERE studio_id = v_studio AND session_id = v_session AND at BETWEEN v_from AND v_to GROUP BY kind;

    INSERT INTO fleet.session_health (studio_id, session_id, bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max, skipped_max,
                                      congestion_max, bps_sum, bps_n)
    SELECT v_studio, v_session, 'epoch'::timestamptz + bucket * interval '1 millisecond', count(*), min(fps), sum(fps), count(fps), max(cpu), max(dropped),
           max(greatest(rs, os)), max(congestion), sum(bps), count(bps)
    FROM (SELECT (extract(epoch FROM at) * 1000)::bigint / ${healthBucketMs} * ${healthBucketMs} AS bucket, (p->>'fps')::float8 AS fps,
                 (p->>'cpuPct')::float8 AS cpu, (p->>'droppedPct')::float8 AS dropped, (p->>'renderSkippedPct')::float8 AS rs,
                 (p->>'outputSkippedPct')::float8 AS os, (p->>'congestion')::float8 AS congestion, (p->>'bytesPerSec')::float8 AS bps
          FROM (SELECT at, payload::jsonb AS p FROM fleet.events
                WHERE studio_id = v_studio AND session_id = v_session AND kind = 'stream.health' AND at BETWEEN v_from AND v_to) e) h
    GROUP BY bucket;

    CREATE TEMP TABLE rare AS
      SELECT seq, at, kind, product_id, payload, payload::jsonb AS p FROM fleet.events
      WHERE studio_id = v_studio AND session_id = v_session AND at BETWEEN v_from AND v_to AND kind IN (${quoted([...aggregatedKinds, 'audience.viewers'])});

    INSERT INTO fleet.session_points (studio_id, session_id, kind, at, seq, payload)
    SELECT v_studio, v_session, kind, at, seq, payload FROM rare WHERE kind IN (${quoted(timelinePointKinds)});

    -- A scene lasts until the next scene change; the last one stays open.
    INSERT INTO fleet.session_spans (studio_id, session_id, lane, from_at, seq, to_at, open_key, label, product_id, outcome)
    SELECT v_studio, v_session, 'scene', at, seq, next_at, CASE WHEN next_at IS NULL THEN '' END, coalesce(p->>'sceneName', ''), NULL, NULL
    FROM (SELECT *, lead(at) OVER (ORDER BY seq) AS next_at FROM rare WHERE kind = 'obs.scene.changed') x;

    -- A pin lasts until the next pin on its output, or its own unpin.
    INSERT INTO fleet.session_spans (studio_id, session_id, lane, from_at, seq, to_at, open_key, label, product_id, outcome)
    SELECT v_studio, v_session, 'product', at, seq, to_at, CASE WHEN to_at IS NULL THEN output END, product_id, product_id, NULL
    FROM (SELECT *, coalesce(p->>'output', '') AS output,
                 CASE WHEN lead(kind) OVER w = 'product.pinned' OR lead(product_id) OVER w = product_id THEN lead(at) OVER w END AS to_at
          FROM rare WHERE kind IN ('product.pinned', 'product.unpinned') AND product_id IS NOT NULL
          WINDOW w AS (PARTITION BY coalesce(p->>'output', '') ORDER BY seq)) x
    WHERE kind = 'product.pinned';

    -- A deal runs until its end (or its next start), which names the outcome.
    INSERT INTO fleet.session_spans (studio_id, session_id, lane, from_at, seq, to_at, open_key, label, product_id, outcome)
    SELECT v_studio, v_session, 'deal', at, seq, next_at, CASE WHEN next_at IS NULL THEN deal END, deal, product_id, next_kind
    FROM (SELECT *, coalesce(p->>'dealId', '') AS deal, lead(at) OVER w AS next_at, lead(kind) OVER w AS next_kind
          FROM rare WHERE kind IN (${dealKinds}) WINDOW w AS (PARTITION BY coalesce(p->>'dealId', '') ORDER BY seq)) x
    WHERE kind = 'deal.started';

    INSERT INTO fleet.session_product_sales (studio_id, session_id, product_id, currency, deals_run, units_sold, revenue_minor)
    SELECT v_studio, v_session, product_id, coalesce(p->>'currency', ''), count(*) FILTER (WHERE kind = 'deal.started'),
           coalesce(sum((p->>'unitsSold')::float8) FILTER (WHERE kind <> 'deal.started'), 0),
           sum((p->>'revenueMinor')::float8) FILTER (WHERE kind <> 'deal.started')
    FROM rare WHERE kind IN (${dealKinds}) AND product_id IS NOT NULL GROUP BY product_id, coalesce(p->>'currency', '');

    UPDATE fleet.sessions SET viewers_peak = (SELECT max((p->>'viewers')::float8) FROM rare WHERE kind = 'audience.viewers')
    WHERE studio_id = v_studio AND session_id = v_session;
    DROP TABLE rare;
  END $$;`;

/** Creates a database like fleet:setup does and fills it with `spec.studios` studios' synced sessions. */
async function createFleet(cluster: PgCluster, spec: FleetSpec): Promise<Fleet> {
  const started = performance.now();
  const root = new pg.Client({ connectionString: cluster.adminUrl });
  await root.connect();
  await root.query(`CREATE DATABASE ${spec.database}`);
  await root.end();
  const url = cluster.url('postgres', undefined, spec.database);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const logins = Array.from({ length: spec.studios }, (_, k) => ({ name: `studio_${String(k + 1).padStart(2, '0')}`, password: `bench-${k}` }));
    await setupCentral(admin, { studios: logins, managers: [managerLogin] });
    const now = Date.now();
    const firstMs = Math.floor((now - months * 30 * 86_400_000) / 1000) * 1000;
    const totalSessions = spec.studios * sessionsPerStudio;
    // Sessions start across the months and end (2 to 4 hours later) before now.
    const spacing = Math.floor((months * 30 * 86_400_000 - 5 * 3_600_000) / totalSessions);
    await ensureEventPartitions(admin, firstMs, now);
    await admin.query(generatorSchema);

    const random = seeded(spec.studios * 7919 + sessionsPerStudio);
    const studioRows = logins.map((login, k) => {
      const market = marketKeys[k % marketKeys.length]!;
      const city = cities[market][Math.floor(k / marketKeys.length) % 4]!;
      const round = Math.floor(k / (marketKeys.length * 4));
      return { k, id: randomUUID(), login: login.name, market, name: `${city} studio${round > 0 ? ` ${round + 1}` : ''}` };
    });
    await admin.query(
      `INSERT INTO fleet.studios (studio_id, name, app_version, first_seen_at, last_sync_at)
       SELECT id::uuid, name, '0.1.0', to_timestamp($2::float8 / 1000), now() FROM json_to_recordset($1) AS r (id text, name text)`,
      [JSON.stringify(studioRows), firstMs],
    );
    await admin.query(
      `UPDATE fleet.studio_logins l SET studio_id = r.id::uuid, bound_at = to_timestamp($2::float8 / 1000)
       FROM json_to_recordset($1) AS r (id text, login text) WHERE l.role_name = r.login`,
      [JSON.stringify(studioRows), firstMs],
    );

    // Each studio's catalog: 60 of the fleet's SKUs (neighbouring studios share some), a script per product.
    const productRows = studioRows.flatMap((st) =>
      Array.from({ length: productsPerStudio }, (_, idx) => {
        const sku = (st.k * 6 + idx) % skuPool;
        const name = `${items[sku % items.length]} ${variants[Math.floor(sku / items.length)]}`;
        return {
          studio_id: st.id, idx, product_id: randomUUID(), sku: `BC-${String(sku).padStart(4, '0')}`, name_en: name,
          price_usd_minor: 990 + ((sku * 137) % 40) * 100, script_id: randomUUID(), script_title: `${name} pitch`,
        };
      }),
    );
    await admin.query(`INSERT INTO bench.products SELECT * FROM json_populate_recordset(NULL::bench.products, $1)`, [JSON.stringify(productRows)]);
    await admin.query(
      `INSERT INTO fleet.products (studio_id, product_id, sku, name, updated_at)
       SELECT studio_id, product_id, sku, jsonb_build_object('en', name_en), to_timestamp($1::float8 / 1000) FROM bench.products`,
      [firstMs],
    );
    // Both A/B versions of each script in each of the studio's languages; a version is named by the hash of its text, as the sync names it.
    await admin.query(
      `INSERT INTO fleet.script_variants (studio_id, script_id, language, version, title, product_id, text, updated_at)
       SELECT p.studio_id, p.script_id, l.language, substr(encode(sha256(convert_to(v.text, 'UTF8')), 'hex'), 1, 32), p.script_title, p.product_id,
              v.text, to_timestamp($2::float8 / 1000)
       FROM bench.products p JOIN json_to_recordset($1) AS st (id text, languages text[]) ON st.id::uuid = p.studio_id
       CROSS JOIN LATERAL unnest(st.languages) AS l (language)
       CROSS JOIN LATERAL (SELECT concat('[', l.language, '] ', p.script_title, ' (', ab, '). Hello everyone, today we have the ', p.name_en,
                                        '. [card ', p.sku, '] Look at the finish. [deal start] Only for the next five minutes!') AS text
                           FROM unnest(ARRAY['A', 'B']) ab) v`,
      [JSON.stringify(studioRows.map((st) => ({ id: st.id, languages: markets[st.market].languages }))), firstMs],
    );

    const sessionRows = Array.from({ length: totalSessions }, (_, n) => {
      const st = studioRows[n % spec.studios]!;
      const j = Math.floor(n / spec.studios);
      // Cross-border: one session in seven sells in the next market.
      const market = j % 7 === 3 ? marketKeys[(marketKeys.indexOf(st.market) + 1) % marketKeys.length]! : st.market;
      const m = markets[market];
      const pool = hostNames[st.market];
      const first = (Math.floor(st.k / marketKeys.length) * 3 + (j % 3)) % pool.length;
      const hosts = j % 3 === 0 ? [pool[first]!, pool[(first + 1) % pool.length]!] : [pool[first]!];
      const lines = [...new Set([m.languages[0], 'en'])].flatMap((language) => chatLines[language]!.map(([text, question]) => ({ language, text, question })));
      const durationMs = (2 * 3600 + Math.floor(random() * 2 * 3600)) * 1000;
      return {
        studio_id: st.id, studio_k: st.k, session_id: randomUUID(), n, title: `${titles[j % titles.length]} #${j + 1}`, market,
        currency: m.currency, minor_digits: m.minorDigits, per_usd_minor: m.perUsdMinor, hosts_json: JSON.stringify(hosts),
        languages_json: JSON.stringify(m.languages), platforms_json: JSON.stringify(m.platforms), lead_language: m.languages[0],
        second_language: m.languages[m.languages.length - 1],
        started_ms: firstMs + n * spacing + Math.floor((random() * spacing) / 2 / 1000) * 1000,
        step_ms: Math.max(1, Math.floor(durationMs / eventsPerSession)), shop_platform: m.shop, shop_connection: `${st.id.slice(0, 8)}-shop`,
        viewers_connection: `${st.id.slice(0, 8)}-youtube`, viewers_base: 150 + Math.floor(random() * 2500),
        chat_texts: lines.map((l) => JSON.stringify(l.text)), chat_languages: lines.map((l) => l.language), chat_questions: lines.map((l) => l.question),
      };
    });
    await admin.query(`INSERT INTO bench.sessions SELECT * FROM json_populate_recordset(NULL::bench.sessions, $1)`, [JSON.stringify(sessionRows)]);
    const msToTs = (ms: string) => `('epoch'::timestamptz + (${ms}) * interval '1 millisecond')`;
    const endMs = `started_ms + $1::bigint * step_ms`;
    await admin.query(
      `INSERT INTO fleet.sessions (studio_id, session_id, title, market, hosts, languages, notes, status, started_at, ended_at, last_event_at,
                                   interrupted_at, event_count, synced_at)
       SELECT studio_id, session_id, title, market, hosts_json::jsonb, languages_json::jsonb, '', 'ended', ${msToTs('started_ms')}, ${msToTs(endMs)},
              ${msToTs(endMs)}, NULL, $1, ${msToTs(endMs)} + interval '1 minute'
       FROM bench.sessions`,
      [eventsPerSession],
    );
    await admin.query(deriveAggregates);
    console.log(`${spec.database}: ${spec.studios} studio${spec.studios === 1 ? '' : 's'}, ${fmt(totalSessions)} sessions, ${fmt(productRows.length)} products (${seconds(started)})`);

    // Batches of about 500,000 events, on `loaders` connections at once; each batch's aggregates right after its events.
    const perBatch = Math.max(1, Math.floor(500_000 / eventsPerSession));
    const batches = Array.from({ length: Math.ceil(totalSessions / perBatch) }, (_, i) => [i * perBatch, Math.min(totalSessions, (i + 1) * perBatch)] as const);
    const total = totalSessions * eventsPerSession;
    let done = 0;
    const eventsStarted = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(loaders, batches.length) }, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query('SET synchronous_commit = off');
          for (let batch = batches.shift(); batch; batch = batches.shift()) {
            const [from, to] = batch;
            await client.query('BEGIN');
            await client.query(insertEvents, [eventsPerSession, from, to]);
            await client.query(
              `SELECT bench.derive(studio_id, session_id, ${msToTs('started_ms')}, ${msToTs(endMs)}) FROM bench.sessions WHERE n >= $2 AND n < $3`,
              [eventsPerSession, from, to],
            );
            await client.query('COMMIT');
            done += (to - from) * eventsPerSession;
            const rate = done / ((performance.now() - eventsStarted) / 1000);
            console.log(`${spec.database}: ${fmt(done)} / ${fmt(total)} events with their aggregates (${seconds(started)}, ${fmt(Math.round(rate))} events/s)`);
          }
        } finally {
          await client.end();
        }
      }),
    );

    await admin.query('DROP SCHEMA bench CASCADE');
    const vacuumed = performance.now();
    await admin.query(
      `VACUUM (ANALYZE) fleet.events, fleet.sessions, fleet.studios, fleet.studio_logins, fleet.products, fleet.script_variants, fleet.session_points,
         fleet.session_spans, fleet.session_kind_counts, fleet.session_health, fleet.session_product_sales`,
    );
    const size = (await admin.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0]!.s;
    console.log(`${spec.database}: VACUUM ANALYZE in ${seconds(vacuumed)}; ${size} on disk; loaded in ${seconds(started)}`);
    return {
      database: spec.database,
      studioIds: studioRows.map((s) => s.id),
      sessions: sessionRows.map((s) => ({ id: s.session_id, studio: s.studio_id })),
      events: total,
    };
  } finally {
    await admin.end();
  }
}

interface Timing {
  p50: number;
  p95: number;
}

/** `warmups` untimed calls, then `runs` timed ones; call(i) gets the call's index (warm-ups included). */
async function timed(call: (i: number) => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const t0 = performance.now();
    await call(i);
    if (i >= warmups) samples.push(performance.now() - t0);
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

interface Reviewer {
  fleet: Fleet;
  store: CentralStore;
  review: CentralReview;
  /** Sessions not mirrored yet, for the summary's first opening (one of each studio was, to open its mirror). */
  unopened: string[];
}

async function reviewer(cluster: PgCluster, fleet: Fleet): Promise<Reviewer> {
  const store = openCentralStore({ url: `postgres://${managerLogin.name}@127.0.0.1:${cluster.port}/${fleet.database}`, password: managerLogin.password, caFile: null });
  const review = new CentralReview(store);
  // Each studio's in-memory mirror is created on its first session: a cost paid once per studio, not per session.
  const opened = new Set<string>();
  for (const studio of fleet.studioIds) {
    const first = fleet.sessions.find((s) => s.studio === studio)!;
    await review.summary(first.id);
    opened.add(first.id);
  }
  const unopened = fleet.sessions.filter((s) => !opened.has(s.id)).map((s) => s.id);
  return { fleet, store, review, unopened };
}

interface Measure {
  name: string;
  call: (r: Reviewer, i: number) => Promise<unknown>;
  goalMs?: number;
}

const compare = (by: CompareBy) => (r: Reviewer) => r.review.compare({ by });

const measures: Measure[] = [
  { name: 'list, first page', call: (r) => r.review.list({ offset: 0, limit: 50 }), goalMs: 50 },
  { name: 'list, one studio', call: (r, i) => r.review.list({ studio: r.fleet.studioIds[i % r.fleet.studioIds.length], offset: 0, limit: 50 }), goalMs: 50 },
  // Mirrors keep 16 sessions: cycling through more than that, every call loads one from the central tables.
  { name: 'summary, first opening', call: (r, i) => r.review.summary(r.unopened[i % r.unopened.length]!), goalMs: 150 },
  { name: 'summary, mirrored', call: (r) => r.review.summary(r.unopened[0]!) },
  { name: 'compare per host', call: compare('host'), goalMs: 500 },
  { name: 'compare per product', call: compare('product'), goalMs: 500 },
  { name: 'compare per market', call: compare('market') },
  { name: 'compare per script version', call: compare('version') },
];

async function main(): Promise<void> {
  const wallStart = performance.now();
  const cluster = await startPostgres();
  const reviewers: Reviewer[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    const serverVersion = (await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
    await admin.end();

    const fleet = await createFleet(cluster, { database: 'fleet_review', studios });
    const small = await createFleet(cluster, { database: 'fleet_review_baseline', studios: baselineStudios });
    const loadSeconds = Math.round((performance.now() - wallStart) / 1000);
    const big = await reviewer(cluster, fleet);
    const base = await reviewer(cluster, small);
    reviewers.push(big, base);
    if (big.unopened.length <= 16 || base.unopened.length <= 16) {
      console.log('note: 16 sessions or fewer left to open: "summary, first opening" also times mirrored sessions');
    }

    // What the figures are about: the review answers the whole fleet.
    const listed = await big.review.list({ offset: 0, limit: 50 });
    const summary = await big.review.summary(big.unopened[0]!);
    const byProduct = await big.review.compare({ by: 'product' });
    const counted = summary.kinds.reduce((n, k) => n + k.count, 0);
    console.log(
      `fleet_review: ${fmt(listed.total)} sessions listed from ${listed.studios.length} studios; a summary counts ${fmt(counted)} events of ` +
        `${summary.kinds.length} kinds and ${summary.products.length} products; per product: ${byProduct.rows.length} rows over ${byProduct.sessions} sessions`,
    );

    const results: { measure: string; p50: number; p95: number; baselineP50: number; baselineP95: number; goalMs: number | null; met: boolean | null }[] = [];
    for (const m of measures) {
      const baseline = await timed((i) => m.call(base, i));
      const value = await timed((i) => m.call(big, i));
      results.push({
        measure: m.name, p50: value.p50, p95: value.p95, baselineP50: baseline.p50, baselineP95: baseline.p95,
        goalMs: m.goalMs ?? null, met: m.goalMs === undefined ? null : value.p95 < m.goalMs,
      });
      console.log(`${m.name}: p50 ${value.p50} ms, p95 ${value.p95} ms (baseline ${baseline.p50} / ${baseline.p95} ms)`);
    }

    const baselineIs = `same call, ${small.studioIds.length} studio${small.studioIds.length === 1 ? '' : 's'}, ${fmt(small.sessions.length)} sessions, ${fmt(small.events)} events`;
    console.log(`\nCentral review benchmark (${fmt(fleet.studioIds.length)} studios, ${fmt(fleet.sessions.length)} sessions, ${fmt(fleet.events)} events; PostgreSQL ${serverVersion})\n`);
    console.table(
      results.flatMap((r) => [
        { measure: `${r.measure} p50 (ms)`, value: r.p50, baseline: r.baselineP50, 'baseline is': baselineIs },
        { measure: `${r.measure} p95 (ms)`, value: r.p95, baseline: r.baselineP95, 'baseline is': baselineIs },
      ]),
    );
    for (const r of results) {
      if (r.goalMs !== null) console.log(`goal: ${r.measure} p95 < ${r.goalMs} ms: ${r.met ? 'met' : 'NOT met'} (${r.p95} ms)`);
    }
    const wallSeconds = Math.round((performance.now() - wallStart) / 1000);
    console.log(`wall time ${wallSeconds} s (generating and loading both fleets: ${loadSeconds} s)`);

    const out = path.join(import.meta.dirname, 'results', 'fleet-review.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      JSON.stringify(
        {
          at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, postgres: serverVersion, runs, warmups,
          fleet: { studios: fleet.studioIds.length, sessions: fleet.sessions.length, events: fleet.events },
          baseline: { studios: small.studioIds.length, sessions: small.sessions.length, events: small.events },
          loadSeconds, wallSeconds, results,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`written to ${path.relative(process.cwd(), out)}`);
  } finally {
    for (const r of reviewers) {
      r.review.close();
      await r.store.close();
    }
    await cluster.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
