import type { Database } from 'better-sqlite3';
import type { EventBus } from './bus';
import type { Dispatcher } from './api/dispatcher';
import type { PartialHandlers } from './api/handlers';
import type { Service } from './services';
import type { SettingsStore } from './features/settings/settings-store';
import type { TokenStore } from './server/tokens';
import type { HostMetaStore } from './db/host-meta';
import type { SecretStore } from './secrets/secret-store';
import type { FleetSyncOptions } from './features/fleet/fleet-sync';

export interface HostOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Bind every interface instead of 127.0.0.1 only. */
  lan: boolean;
  /** UI language for this run, when given on the command line. */
  lang?: string;
  /** Folder with the built UI (index.html, prompter.html, overlay.html). */
  staticDir?: string;
  runtime: 'node' | 'electron';
  version: string;
  nativeBinding?: string;
  /** Seed the demo catalog into an empty data folder (on by default). */
  seedDemo?: boolean;
  /** Wall clock, replaceable in tests of time-driven features. */
  now?: () => number;
  /**
   * Encrypts secrets (the OBS password) with the OS keychain when the shell offers one (Electron's
   * safeStorage). Without it, features fall back to a key file in the data folder.
   */
  secretCipher?: SecretCipher;
  /**
   * A manager's host (`serve --central`): the Sessions page reviews the fleet's central PostgreSQL
   * (with a manager login) instead of this data folder's log.
   */
  central?: { url: string; password?: string | null; caFile?: string | null };
  /** Pacing of the fleet sync (retries, pauses), shortened by tests. */
  fleetSync?: FleetSyncOptions;
}

export interface SecretCipher {
  encrypt(text: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the keychain rotated its key; encrypt the text again and store that. */
  decrypt(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** True when the key lives in the OS keychain (false for Electron's plain-text fallback on Linux). */
  osBacked: boolean;
  /**
   * Why a shell keychain is not OS-backed: Electron on Linux found no keyring (GNOME Keyring, KWallet)
   * and would use a fixed key ('basic_text'). Shown to the user beside the OBS password.
   */
  fallback?: 'linux-basic-text';
}

/** What every feature gets: the shared parts of the host, created before any feature. */
export interface HostContext {
  readonly options: HostOptions;
  readonly db: Database;
  readonly bus: EventBus;
  readonly dispatcher: Dispatcher;
  readonly settings: SettingsStore;
  /** The host's own small facts (`host_meta`). */
  readonly meta: HostMetaStore;
  /** Every secret (webhook signing secret, tokens, platform credentials), encrypted; never sent over the contract. */
  readonly secrets: SecretStore;
  readonly tokens: TokenStore;
  readonly now: () => number;
  /**
   * True when the previous run on this data folder did not stop cleanly (killed, crashed, power loss):
   * features use it to settle what a crash left running (live deals, the live session).
   */
  readonly previousRunCrashed: boolean;
  /** Reports a problem the user must see: published as an `error` event (and so logged). */
  reportError(source: string, code: string, message: string): void;
}

/** A feature: a service that also answers some contract methods. */
export interface Feature extends Service {
  readonly handlers: PartialHandlers;
}
