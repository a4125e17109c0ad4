import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { Dispatcher } from './api/dispatcher';
import { EventFanout } from './api/event-fanout';
import { EventBus } from './bus';
import type { HostContext, HostOptions } from './context';
import { closeDatabase, databaseFileName, openDatabase } from './db/database';
import { wireFeatures, type Features } from './features';
import { SettingsStore } from './features/settings/settings-store';
import { LocalServer } from './server/local-server';
import { TokenStore } from './server/tokens';
import { HostMetaStore } from './db/host-meta';
import { movePlainTextSecrets } from './secrets/plain-text-migration';
import { SecretStore } from './secrets/secret-store';
import { ServiceRegistry } from './services';

export interface Host {
  readonly context: HostContext;
  readonly server: LocalServer;
  /** Where host events leave the core: the WebSocket clients and the Electron windows subscribe here. */
  readonly events: EventFanout;
  /** Every feature, typed (tests and benches reach into them). */
  readonly features: Features;
  /** The control-room address with the control token. */
  url(): string;
  stop(): Promise<void>;
}

/**
 * Starts the studio host: database, settings, tokens, every feature in order, then the local server.
 * The same function runs under plain Node (`npm run serve`) and inside Electron's main process.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const dataDir = path.resolve(options.dataDir);
  const opts: HostOptions = { ...options, dataDir };
  const now = options.now ?? Date.now;
  const services = new ServiceRegistry();
  const bus = new EventBus((error) => console.error('[bus] listener failed:', error));
  const dispatcher = new Dispatcher();

  const db: Database = openDatabase(path.join(dataDir, databaseFileName), { nativeBinding: options.nativeBinding });
  services.add({ name: 'database', stop: () => closeDatabase(db) });
  // Set while the host runs and cleared by a clean stop (just before the database closes), so finding it
  // set at start means the previous run was killed, crashed or lost power.
  const meta = new HostMetaStore(db);
  const previousRunCrashed = readRunMarker(meta);
  writeRunMarker(meta, true);
  services.add({ name: 'run-marker', stop: () => writeRunMarker(meta, false) });

  const settings = new SettingsStore(db, bus, now);
  if (options.lang && options.lang !== settings.section('general').language) {
    settings.set({ general: { language: options.lang as 'en' } });
  }
  const secrets = new SecretStore(meta, dataDir, options.secretCipher);
  let tokens: TokenStore;
  try {
    await secrets.load();
    await movePlainTextSecrets(db, meta, secrets);
    tokens = new TokenStore(secrets);
    await secrets.flushed();
  } catch (error) {
    closeDatabase(db);
    throw error;
  }
  const context: HostContext = {
    options: opts,
    db,
    bus,
    dispatcher,
    settings,
    meta,
    secrets,
    tokens,
    now,
    previousRunCrashed,
    reportError(source, code, message) {
      bus.publish('error', { source, code, message });
    },
  };

  const fanout = new EventFanout(bus);
  const server = new LocalServer({ port: options.port, lan: options.lan, staticDir: options.staticDir, dispatcher, events: fanout, tokens });
  const wired = wireFeatures(context, { server, events: fanout });
  for (const feature of wired.inStartOrder) {
    dispatcher.register(feature.handlers);
    services.add(feature);
  }
  const missing = dispatcher.missing();
  if (missing.length > 0) {
    closeDatabase(db);
    throw new Error(`These contract methods have no handler: ${missing.join(', ')}`);
  }
  services.add({ name: 'event-fanout', start: () => fanout.start(), stop: () => fanout.stop() });
  services.add(server);
  await services.startAll();

  let stopping: Promise<void> | null = null;
  return {
    context,
    server,
    events: fanout,
    features: wired.features,
    url: () => server.url('control'),
    stop() {
      stopping ??= (async () => {
        bus.publish('host.stopping', {});
        const failures = await services.stopAll();
        for (const failure of failures) console.error(failure.message);
      })();
      return stopping;
    },
  };
}

const runMarkerKey = 'host.running';

function readRunMarker(meta: HostMetaStore): boolean {
  return meta.get(runMarkerKey) === '1';
}

function writeRunMarker(meta: HostMetaStore, running: boolean): void {
  meta.set(runMarkerKey, running ? '1' : '0');
}
