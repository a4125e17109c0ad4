import { randomUUID } from 'node:crypto';
import { events } from '../../../shared/contract';
import type { FleetStatus } from '../../../shared/contract/fleet';
import type { Feature, HostContext } from '../../context';
import { secretNames } from '../../secrets/plain-text-migration';
import { caFileToSave, displayUrl, parseCentralUrl, pruneCaCertificates, type CentralTarget } from './central-connection';
import type { CentralReviewSwitch } from './central-review-switch';
import { FleetSync } from './fleet-sync';

/** host_meta keys: the data folder's studio id (made once, never changed) and the connection settings. */
const studioIdKey = 'fleet.studioId';
const configKey = 'fleet.config';

interface FleetConfig {
  url: string;
  caFile: string | null;
  enabled: boolean;
}

export interface FleetFeature extends Feature {
  readonly studioId: string;
  readonly sync: FleetSync;
  status(): FleetStatus;
}

/**
 * The fleet: this PC's studio identity and the sync of its session logs to the central PostgreSQL
 * (fleet-sync.ts). The connection settings are host facts (host_meta), the password a secret; the
 * studio's name is a setting (Settings > Studio). Every logged event wakes the sync, so a live session
 * reaches the server within about a second. It also switches what the Sessions page reviews (this
 * PC's log or the central store, central-review-switch.ts), shown in its status.
 */
export function fleetFeature(ctx: HostContext, deps: { review: CentralReviewSwitch }): FleetFeature {
  let studioId = ctx.meta.get(studioIdKey);
  if (!studioId) {
    studioId = randomUUID();
    ctx.meta.set(studioIdKey, studioId);
  }
  const id = studioId;

  const readConfig = (): FleetConfig | null => {
    const raw = ctx.meta.get(configKey);
    return raw ? (JSON.parse(raw) as FleetConfig) : null;
  };
  const target = (): CentralTarget | null => {
    const config = readConfig();
    if (!config?.enabled) return null;
    return { url: config.url, caFile: config.caFile, password: ctx.secrets.get(secretNames.fleetPassword) };
  };

  const status = (): FleetStatus => {
    const config = readConfig();
    const s = sync.status();
    return {
      studioId: id,
      studioName: ctx.settings.section('studio').name,
      enabled: config?.enabled ?? false,
      url: config ? displayUrl(config.url) : null,
      caFile: config?.caFile ?? null,
      hasPassword: ctx.secrets.get(secretNames.fleetPassword) !== null,
      state: s.state,
      problem: s.problem ? { key: s.problem.key, message: s.problem.message, params: { ...s.problem.params } } : null,
      offlineSince: s.offlineSince,
      lastSyncAt: s.lastSyncAt,
      sessionsTotal: s.sessionsTotal,
      sessionsBehind: s.sessionsBehind,
      eventsBehind: s.eventsBehind,
      review: deps.review.status(),
    };
  };
  const publish = () => ctx.bus.publish('fleet.changed', status());

  const sync = new FleetSync(
    ctx.db,
    () => ({ id, name: ctx.settings.section('studio').name, version: ctx.options.version }),
    target,
    publish,
    { now: ctx.now, ...ctx.options.fleetSync },
  );

  let unsubscribe: (() => void) | null = null;
  return {
    name: 'fleet',
    studioId: id,
    sync,
    status,
    async start() {
      unsubscribe = ctx.bus.subscribeAll((event) => {
        // Logged events (the log commits them within 50 ms) and a new studio name are worth a pass soon.
        if (events[event.name].logged || event.name === 'settings.changed') sync.kick();
      });
      await sync.restart();
    },
    async stop() {
      unsubscribe?.();
      await sync.stop();
    },
    handlers: {
      'fleet.configure': async (input) => {
        // Checked before anything is kept: a bad URL or an unreadable CA file changes nothing.
        parseCentralUrl(input.url);
        const previous = readConfig();
        const caFile = caFileToSave(ctx.options.dataDir, 'fleet', input, previous?.caFile ?? null);
        if (input.password !== undefined) {
          await (input.password === '' ? ctx.secrets.delete(secretNames.fleetPassword) : ctx.secrets.set(secretNames.fleetPassword, input.password));
        }
        const config: FleetConfig = { url: input.url, caFile, enabled: input.enabled ?? previous?.enabled ?? true };
        ctx.meta.set(configKey, JSON.stringify(config));
        pruneCaCertificates(ctx.options.dataDir, 'fleet', caFile);
        await sync.restart();
        publish();
        return status();
      },
      'fleet.configureReview': async (input) => {
        await deps.review.configure(input);
        publish();
        return status();
      },
      'fleet.status': () => status(),
    },
  };
}
