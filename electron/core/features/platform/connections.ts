import { randomUUID } from 'node:crypto';
import { HostError, type MethodOutput, type MethodParsedInput } from '../../../shared/contract';
import {
  credentialsFor,
  platformDefaults,
  type AnnouncementMoment,
  type AuthorizeStep,
  type Connection,
  type ConnectionState,
  type PlatformId,
  type ProductLink,
  type ProductMatch,
} from '../../../shared/contract/platform';
import { platformNames } from '../../../shared/platform-names';
import type { HostContext } from '../../context';
import { secretNames } from '../../secrets/plain-text-migration';
import type { CatalogGateway } from '../gateways';
import type { AdapterContext, ConnectionConfig, PlatformAdapter, StoredCredentials } from './adapters/adapter';
import { adapterFactories } from './adapters';
import type { ConnectionRegistry, RemoteProductRef } from './connection-registry';
import { ConnectionsStore, type ConnectionRecord } from './connections-store';
import { failureError, failureState, signInError, signInNeeded, stateText, type StateText } from './platform-failures';
import { PlatformHttp } from './platform-http';

type SaveInput = MethodParsedInput<'platform.save'>;

const allMoments: readonly AnnouncementMoment[] = ['pin', 'dealStart', 'dealLastMinute', 'dealEnd'];

/** The field that says whose credentials they are: when it changes, what was learned with the old ones is dropped. */
const identityField: Record<PlatformId, string> = {
  'tiktok-shop': 'appKey',
  shopify: 'shopDomain',
  youtube: 'clientId',
  twitch: 'clientId',
};
/** Tokens an adapter keeps next to what the user typed (shown as "set" in credentialsSet, never their value). */
const tokenFields = ['accessToken', 'refreshToken'] as const;

/** The outbox target of a connection's platform calls. */
export const outboxTarget = (connectionId: string) => `platform:${connectionId}`;

/** Shopify's default hosts are the shop's own: `{shop}` becomes the shop domain's first label. */
function resolveBase(base: string, credentials: StoredCredentials): string {
  const domain = typeof credentials.shopDomain === 'string' ? credentials.shopDomain : null;
  return domain ? base.replace('{shop}', domain.replace(/\.myshopify\.com$/, '')) : base;
}

export interface ConnectionsDeps {
  catalog: CatalogGateway;
  /** The host's loopback address for OAuth redirects (known once the server listens). */
  redirectUri(): string;
}

interface BuiltAdapter {
  adapter: PlatformAdapter;
  /** The record's updatedAt it was built for: a newer save rebuilds it. */
  builtFor: number;
}

/**
 * The connections half of the platform feature: connections in SQLite, their credentials in the secret
 * store (one encrypted JSON object per connection, `platform.<id>`), one adapter per connection built from
 * adapterFactories, sign-in, checks and product links. The push half uses it through ConnectionRegistry.
 */
export class PlatformConnections implements ConnectionRegistry {
  readonly store: ConnectionsStore;
  readonly http = new PlatformHttp();
  private readonly adapters = new Map<string, BuiltAdapter>();
  private readonly listeners = new Set<(connectionId: string) => void>();
  /** Sign-ins waiting in the background (Twitch device codes): aborted on a new sign-in, remove or stop. */
  private readonly signIns = new Map<string, AbortController>();
  /** Browser sign-ins under way, by their OAuth `state`: how the loopback callback finds its connection. */
  private readonly redirects = new Map<string, { connectionId: string; expiresAt: number }>();
  private readonly parsedCredentials = new Map<string, { text: string; value: StoredCredentials }>();
  private readonly shown = new WeakMap<ConnectionRecord, { credentialsText: string | null; built: BuiltAdapter | undefined; connection: Connection }>();
  /** Set by stop(): answers still arriving from calls made before are dropped (the database is closing). */
  private stopped = false;

  constructor(
    private readonly ctx: HostContext,
    private readonly deps: ConnectionsDeps,
  ) {
    this.store = new ConnectionsStore(ctx.db);
  }

  // ---- ConnectionRegistry ----

  list(): Connection[] {
    return this.store.all().map((r) => this.toConnection(r));
  }

  get(connectionId: string): Connection | null {
    const record = this.store.get(connectionId);
    return record ? this.toConnection(record) : null;
  }

  adapter(connectionId: string): PlatformAdapter | null {
    const record = this.store.get(connectionId);
    if (!record || !record.enabled) return null;
    return this.adapterFor(record);
  }

  remoteProduct(connectionId: string, productId: string): RemoteProductRef | null {
    const link = this.store.link(connectionId, productId);
    return link ? { remoteProductId: link.remoteProductId, remoteSkuIds: link.remoteSkuIds } : null;
  }

  setState(connectionId: string, state: ConnectionState, code: string | null, message: string, params?: Record<string, string | number>): void {
    if (this.stopped) return;
    const record = this.store.get(connectionId);
    if (!record) return;
    const same =
      record.state === state && record.stateCode === code && record.message === message && JSON.stringify(record.stateParams ?? {}) === JSON.stringify(params ?? {});
    if (same) return;
    this.store.update({ ...record, state, stateCode: code, message, stateParams: params ?? null, updatedAt: record.updatedAt });
    this.changed(connectionId);
  }

  onChanged(listener: (connectionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- contract methods ----

  async save(input: SaveInput): Promise<Connection> {
    const now = this.ctx.now();
    const existing = input.id !== undefined ? this.store.get(input.id) : null;
    if (input.id !== undefined && !existing) throw new HostError('platform.not_found', { id: input.id });
    if (existing && existing.platform !== input.platform) {
      throw new HostError('platform.other_platform', { id: existing.id, platform: platformNames[existing.platform], other: platformNames[input.platform] });
    }
    const record: ConnectionRecord = {
      id: existing?.id ?? randomUUID(),
      platform: input.platform,
      label: input.label,
      markets: [...new Set(input.markets)],
      // Left out means the platform's production host: the form always sends what it shows.
      apiBase: input.apiBase ?? null,
      authBase: input.authBase ?? null,
      enabled: input.enabled ?? existing?.enabled ?? true,
      state: existing?.state ?? 'needs-auth',
      stateCode: existing?.stateCode ?? null,
      stateParams: existing?.stateParams ?? null,
      message: existing?.message ?? '',
      account: existing?.account ?? null,
      tokenExpiresAt: existing?.tokenExpiresAt ?? null,
      announce: { ...existing?.announce, ...input.announce },
      checkedAt: existing?.checkedAt ?? null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: Math.max(now, (existing?.updatedAt ?? 0) + 1),
    };
    let authCode: string | undefined;
    let credentials: StoredCredentials | null = null;
    if (input.credentials) {
      const given = { ...(credentialsFor[input.platform].parse(input.credentials) as StoredCredentials) };
      authCode = typeof given.authCode === 'string' ? given.authCode : undefined;
      delete given.authCode; // single use: exchanged below, never kept
      const stored = this.credentials(record.id) ?? {};
      const field = identityField[input.platform];
      // The same account: keep what the adapter learned (tokens, shop cipher); another account: start afresh.
      credentials = stored[field] === given[field] ? { ...stored, ...given } : given;
      if (given[field] !== stored[field]) record.account = null;
    }
    if (existing) this.store.update(record);
    else this.store.insert(record);
    if (credentials) await this.ctx.secrets.set(secretNames.platform(record.id), JSON.stringify(credentials));
    this.dropAdapter(record.id);
    await this.settle(record.id, authCode);
    this.changed(record.id);
    return this.get(record.id)!;
  }

  async remove(connectionId: string): Promise<void> {
    const record = this.store.get(connectionId);
    if (!record) throw new HostError('platform.not_found', { id: connectionId });
    this.dropAdapter(connectionId);
    for (const [state, pending] of this.redirects) if (pending.connectionId === connectionId) this.redirects.delete(state);
    this.store.remove(connectionId, outboxTarget(connectionId));
    await this.ctx.secrets.delete(secretNames.platform(connectionId));
    this.parsedCredentials.delete(connectionId);
    this.ctx.bus.publish('platform.changed', { connectionId, removed: true }, this.ctx.now());
    for (const listener of this.listeners) listener(connectionId);
  }

  /** platform.check: proves the credentials with one cheap call; the answer is the connection in its new state. */
  async check(connectionId: string): Promise<Connection> {
    const { adapter } = this.usable(connectionId);
    await this.runCheck(connectionId, adapter);
    return this.get(connectionId)!;
  }

  async authorize(connectionId: string, authCode: string | undefined): Promise<{ connection: Connection; next: AuthorizeStep }> {
    const { record, adapter } = this.usable(connectionId, { signedIn: false });
    if (record.platform === 'tiktok-shop' && !authCode && !this.hasToken(connectionId)) throw new HostError('platform.no_auth_code');
    this.signIns.get(connectionId)?.abort();
    let next: AuthorizeStep;
    try {
      next = await adapter.authorize(authCode ? { authCode } : {});
    } catch (error) {
      this.applyFailure(connectionId, error);
      throw failureError(record.platform, error);
    }
    if (next.kind === 'done') {
      await this.runCheck(connectionId, adapter);
    } else if (next.kind === 'browser') {
      const state = new URL(next.url).searchParams.get('state');
      if (state) this.redirects.set(state, { connectionId, expiresAt: next.expiresAt });
      this.applyText(connectionId, stateText('needs-auth', 'platform.waiting_for_sign_in'));
    } else if (next.kind === 'deviceCode') {
      this.applyText(connectionId, stateText('needs-auth', 'platform.waiting_for_sign_in'));
      this.waitForDevice(connectionId, adapter);
    } else {
      this.applyText(connectionId, signInNeeded(record.platform));
    }
    return { connection: this.get(connectionId)!, next };
  }

  /**
   * The loopback redirect of a browser sign-in arrived (YouTube): the `state` names the sign-in under way,
   * which is the only proof the request belongs to it (the browser has no host token).
   */
  async completeRedirect(query: URLSearchParams): Promise<{ ok: true; connection: Connection } | { ok: false; text: StateText }> {
    const state = query.get('state') ?? '';
    const pending = this.redirects.get(state);
    if (!pending || pending.expiresAt < this.ctx.now()) {
      if (pending) this.redirects.delete(state);
      return { ok: false, text: stateText('error', 'platform.oauth_unknown_state') };
    }
    this.redirects.delete(state);
    const record = this.store.get(pending.connectionId);
    const adapter = record && record.enabled ? this.adapterFor(record) : null;
    if (!record || !adapter?.completeRedirect) return { ok: false, text: stateText('error', 'platform.oauth_unknown_state') };
    try {
      await adapter.completeRedirect(query);
    } catch (error) {
      // Cancelled on the consent page: said as such (the adapter has dropped the pending sign-in).
      const denied = query.get('error');
      const text = denied
        ? stateText('needs-auth', 'platform.oauth_denied', { reason: query.get('error_description') ?? denied })
        : failureState(record.platform, error);
      this.applyText(record.id, text);
      return { ok: false, text };
    }
    await this.runCheck(record.id, adapter);
    const connection = this.get(record.id)!;
    return connection.state === 'connected' ? { ok: true, connection } : { ok: false, text: this.textOf(connection) };
  }

  linkProduct(input: MethodParsedInput<'platform.linkProduct'>): ProductLink {
    const record = this.record(input.connectionId);
    if (!platformDefaults[record.platform].capabilities.includes('products')) {
      throw new HostError('platform.no_products', { platform: platformNames[record.platform] });
    }
    const product = this.deps.catalog.get(input.productId !== undefined ? { id: input.productId } : { sku: input.sku });
    this.store.saveLink({
      connectionId: record.id,
      productId: product.id,
      remoteProductId: input.remoteProductId,
      remoteSkuIds: input.remoteSkuIds ?? [],
      linkedBy: 'manual',
      linkedAt: this.ctx.now(),
    });
    this.notify(record.id);
    return this.store.link(record.id, product.id)!;
  }

  unlinkProduct(connectionId: string, productId: string): void {
    this.record(connectionId);
    if (this.store.unlink(connectionId, productId)) this.notify(connectionId);
  }

  links(connectionId?: string): ProductLink[] {
    if (connectionId !== undefined) this.record(connectionId);
    return this.store.links(connectionId);
  }

  /**
   * Looks every catalog SKU up on the shop and links what is found once. A link set by hand is kept;
   * a SKU found on several products is left for the user to pick (linking the wrong one would put a
   * deal on the wrong product).
   */
  async matchProducts(connectionId: string): Promise<MethodOutput<'platform.matchProducts'>> {
    const { record, adapter } = this.usable(connectionId);
    if (!adapter.findBySku) throw new HostError('platform.no_products', { platform: platformNames[record.platform] });
    const products = this.deps.catalog.list(undefined, Math.max(1, this.deps.catalog.count())).products;
    let found;
    try {
      found = await adapter.findBySku(products.map((p) => p.sku));
    } catch (error) {
      this.applyFailure(connectionId, error);
      throw failureError(record.platform, error);
    }
    const now = this.ctx.now();
    const matches: ProductMatch[] = [];
    const newLinks: Omit<ProductLink, 'sku'>[] = [];
    for (const product of products) {
      const hits = found.filter((f) => f.sellerSku.trim() === product.sku);
      const byProduct = new Map<string, typeof hits>();
      for (const hit of hits) byProduct.set(hit.remoteProductId, [...(byProduct.get(hit.remoteProductId) ?? []), hit]);
      const base = { productId: product.id, sku: product.sku };
      const manual = this.store.link(connectionId, product.id);
      if (manual?.linkedBy === 'manual') {
        const title = byProduct.get(manual.remoteProductId)?.[0]?.title ?? hits[0]?.title ?? null;
        matches.push({
          ...base,
          outcome: 'linked',
          remoteProductId: manual.remoteProductId,
          remoteSkuIds: manual.remoteSkuIds,
          remoteTitle: title,
          message: title ? stateText('connected', 'platform.match_kept_manual', { title }).message : 'Kept the link set by hand.',
        });
      } else if (byProduct.size === 0) {
        matches.push({ ...base, outcome: 'missing', remoteProductId: null, remoteSkuIds: [], remoteTitle: null, message: stateText('error', 'platform.match_none_sku', { sku: product.sku }).message });
      } else if (byProduct.size > 1) {
        matches.push({
          ...base,
          outcome: 'ambiguous',
          remoteProductId: null,
          remoteSkuIds: [],
          remoteTitle: null,
          message: stateText('error', 'platform.match_ambiguous', { count: byProduct.size, sku: product.sku }).message,
        });
      } else {
        const [remoteProductId, skus] = [...byProduct][0]!;
        const remoteSkuIds = [...new Set(skus.map((s) => s.remoteSkuId))];
        newLinks.push({ connectionId, productId: product.id, remoteProductId, remoteSkuIds, linkedBy: 'sku', linkedAt: now });
        matches.push({
          ...base,
          outcome: 'linked',
          remoteProductId,
          remoteSkuIds,
          remoteTitle: skus[0]!.title,
          message: stateText('connected', 'platform.match_linked', { title: skus[0]!.title }).message,
        });
      }
    }
    this.store.saveLinks(newLinks);
    if (record.state !== 'connected') await this.runCheck(connectionId, adapter);
    this.notify(connectionId);
    const count = (outcome: ProductMatch['outcome']) => matches.filter((m) => m.outcome === outcome).length;
    return { matches, linked: count('linked'), missing: count('missing'), ambiguous: count('ambiguous') };
  }

  // ---- start, stop, background ----

  /** At start: says which connections cannot work here, and checks the others in the background. */
  start(): void {
    for (const record of this.store.all()) {
      if (!record.enabled) continue;
      void this.settle(record.id, undefined)
        .then(() => this.changed(record.id))
        .catch((error: Error) => {
          // A check still running when the host stops finds the database closed: nothing to report then.
          if (!this.stopped) this.ctx.reportError('platform', 'platform_start_check', error.message);
        });
    }
  }

  stop(): void {
    this.stopped = true;
    for (const controller of this.signIns.values()) controller.abort();
    this.signIns.clear();
    for (const id of [...this.adapters.keys()]) this.dropAdapter(id);
    this.http.close();
  }

  /** Runs a check on a connection that is signed in (the refresh scheduler's hourly validation and retries). */
  async recheck(connectionId: string): Promise<void> {
    const record = this.store.get(connectionId);
    const adapter = record?.enabled ? this.adapterFor(record) : null;
    if (adapter && this.hasToken(connectionId)) await this.runCheck(connectionId, adapter);
  }

  /** Enabled connections with a token and an adapter (what the refresh scheduler looks after). */
  signedIn(): { record: ConnectionRecord; adapter: PlatformAdapter }[] {
    return this.store
      .all()
      .filter((r) => r.enabled && this.hasToken(r.id))
      .flatMap((record) => {
        const adapter = this.adapterFor(record);
        return adapter ? [{ record, adapter }] : [];
      });
  }

  /** A call of a signed-in adapter failed (a refresh, say): the connection's state says what it means. */
  applyFailure(connectionId: string, error: unknown): void {
    const record = this.store.get(connectionId);
    if (record) this.applyText(connectionId, failureState(record.platform, error));
  }

  // ---- inside ----

  /** Puts a connection in the state its settings and credentials allow, checking it when it can be. */
  private async settle(connectionId: string, authCode: string | undefined): Promise<void> {
    const record = this.store.get(connectionId)!;
    if (!record.enabled) return this.applyText(connectionId, stateText('off', 'platform.off'));
    const unreadable = this.ctx.secrets.loadProblems.get(secretNames.platform(connectionId));
    if (unreadable) return this.applyText(connectionId, stateText('needs-auth', 'platform.credentials_unreadable', { label: record.label, reason: unreadable }));
    if (!adapterFactories[record.platform]) {
      return this.applyText(connectionId, stateText('error', 'platform.not_supported', { platform: platformNames[record.platform] }));
    }
    const adapter = this.adapterFor(record);
    if (!adapter) return this.applyText(connectionId, signInNeeded(record.platform));
    if (authCode) {
      try {
        const next = await adapter.authorize({ authCode });
        if (next.kind !== 'done') return this.applyText(connectionId, signInNeeded(record.platform));
      } catch (error) {
        return this.applyFailure(connectionId, error);
      }
    }
    if (!this.hasToken(connectionId)) return this.applyText(connectionId, signInNeeded(record.platform));
    await this.runCheck(connectionId, adapter);
  }

  private async runCheck(connectionId: string, adapter: PlatformAdapter): Promise<void> {
    try {
      await adapter.refreshIfDue(refreshMarginMs);
      const { account } = await adapter.check();
      // A save or a remove while the call was out made this adapter stale: its answer is not the connection's.
      if (this.stopped || this.adapters.get(connectionId)?.adapter !== adapter) return;
      const record = this.store.get(connectionId)!;
      const text = stateText('connected', 'platform.connected', { account });
      this.store.update({
        ...record,
        account,
        checkedAt: this.ctx.now(),
        tokenExpiresAt: adapter.tokenExpiresAt(),
        state: text.state,
        stateCode: text.key,
        stateParams: { ...text.params },
        message: text.message,
      });
      this.changed(connectionId);
    } catch (error) {
      if (this.stopped || this.adapters.get(connectionId)?.adapter !== adapter) return;
      this.applyFailure(connectionId, error);
    }
  }

  private waitForDevice(connectionId: string, adapter: PlatformAdapter): void {
    if (!adapter.waitForDevice) return;
    const controller = new AbortController();
    this.signIns.set(connectionId, controller);
    void adapter
      .waitForDevice(controller.signal)
      .then(
        () => (controller.signal.aborted ? undefined : this.runCheck(connectionId, adapter)),
        (error: unknown) => {
          if (controller.signal.aborted || this.adapters.get(connectionId)?.adapter !== adapter) return;
          this.applyFailure(connectionId, error);
        },
      )
      .finally(() => {
        if (this.signIns.get(connectionId) === controller) this.signIns.delete(connectionId);
      });
  }

  /** Preconditions of a call to the platform: the connection exists, is on, can be served here and (unless not needed) is signed in. */
  private usable(connectionId: string, need: { signedIn: boolean } = { signedIn: true }): { record: ConnectionRecord; adapter: PlatformAdapter } {
    const record = this.record(connectionId);
    if (!record.enabled) throw new HostError('platform.switched_off', { label: record.label });
    const unreadable = this.ctx.secrets.loadProblems.get(secretNames.platform(connectionId));
    if (unreadable) throw new HostError('platform.credentials_unreadable', { label: record.label, reason: unreadable });
    if (!adapterFactories[record.platform]) {
      this.applyText(connectionId, stateText('error', 'platform.not_supported', { platform: platformNames[record.platform] }));
      throw new HostError('platform.not_supported', { platform: platformNames[record.platform] });
    }
    const adapter = this.adapterFor(record);
    if (!adapter || (need.signedIn && !this.hasToken(connectionId))) {
      this.applyText(connectionId, signInNeeded(record.platform));
      throw signInError(record.platform);
    }
    return { record, adapter };
  }

  private record(connectionId: string): ConnectionRecord {
    const record = this.store.get(connectionId);
    if (!record) throw new HostError('platform.not_found', { id: connectionId });
    return record;
  }

  private adapterFor(record: ConnectionRecord): PlatformAdapter | null {
    const built = this.adapters.get(record.id);
    if (built && built.builtFor === record.updatedAt) return built.adapter;
    if (built) this.dropAdapter(record.id);
    const factory = adapterFactories[record.platform];
    const credentials = this.credentials(record.id);
    if (!factory || !credentials || Object.keys(credentials).length === 0) return null;
    const adapter = factory(this.adapterContext(record));
    this.adapters.set(record.id, { adapter, builtFor: record.updatedAt });
    return adapter;
  }

  private adapterContext(record: ConnectionRecord): AdapterContext {
    const id = record.id;
    const credentials = this.credentials(id) ?? {};
    const defaults = platformDefaults[record.platform];
    const config: ConnectionConfig = {
      id,
      platform: record.platform,
      label: record.label,
      markets: record.markets,
      apiBase: record.apiBase ?? resolveBase(defaults.apiBase, credentials),
      authBase: record.authBase ?? resolveBase(defaults.authBase, credentials),
    };
    return {
      config,
      credentials: () => this.credentials(id) ?? {},
      saveCredentials: async (update) => {
        // A removed connection's adapter may still answer a call: it must not bring the secret back.
        if (!this.store.get(id)) return;
        const merged: StoredCredentials = { ...this.credentials(id), ...update };
        for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
        await this.ctx.secrets.set(secretNames.platform(id), JSON.stringify(merged));
        const built = this.adapters.get(id)?.adapter;
        const current = this.store.get(id);
        if (current && built) {
          const expiresAt = built.tokenExpiresAt();
          if (expiresAt !== current.tokenExpiresAt) this.store.update({ ...current, tokenExpiresAt: expiresAt });
        }
        this.changed(id);
      },
      http: this.http,
      now: this.ctx.now,
      redirectUri: () => this.deps.redirectUri(),
    };
  }

  private dropAdapter(connectionId: string): void {
    this.signIns.get(connectionId)?.abort();
    this.signIns.delete(connectionId);
    const built = this.adapters.get(connectionId);
    if (!built) return;
    this.adapters.delete(connectionId);
    built.adapter.close();
  }

  /** The Shopify webhook signing secret of a connection (for the webhook route only; never returned by a method). */
  webhookSecret(connectionId: string): string | null {
    const secret = this.credentials(connectionId)?.webhookSecret;
    return typeof secret === 'string' && secret !== '' ? secret : null;
  }

  /**
   * The connection's credentials, parsed once per stored text: every push reads them (the state, the
   * adapter's token), and a new text (platform.save, a refresh, a new sign-in) is parsed again.
   * Callers get a copy to change as they like.
   */
  private credentials(connectionId: string): StoredCredentials | null {
    const text = this.ctx.secrets.get(secretNames.platform(connectionId));
    if (!text) return null;
    let parsed = this.parsedCredentials.get(connectionId);
    if (parsed?.text !== text) this.parsedCredentials.set(connectionId, (parsed = { text, value: JSON.parse(text) as StoredCredentials }));
    return { ...parsed.value };
  }

  private hasToken(connectionId: string): boolean {
    const credentials = this.credentials(connectionId) ?? {};
    return tokenFields.some((f) => typeof credentials[f] === 'string' && credentials[f] !== '');
  }

  private applyText(connectionId: string, text: StateText): void {
    this.setState(connectionId, text.state, text.key, text.message, { ...text.params });
  }

  private textOf(connection: Connection): StateText {
    return { state: connection.state, key: (connection.stateCode ?? 'platform.unavailable') as StateText['key'], params: connection.stateParams ?? {}, message: connection.message };
  }

  private changed(connectionId: string): void {
    // Answers arriving after stop() (the database is closing) change nothing.
    if (this.stopped) return;
    const connection = this.get(connectionId);
    if (!connection) return;
    this.ctx.bus.publish('platform.changed', { connectionId, connection }, this.ctx.now());
    this.notify(connectionId);
  }

  private notify(connectionId: string): void {
    for (const listener of this.listeners) listener(connectionId);
  }

  /**
   * The connection as the API shows it, built once per record, credentials and adapter: the push engine
   * asks for it several times per push, and a burst of pushes would rebuild it hundreds of times a
   * second. Frozen, like the record it is made from, since every caller shares it.
   */
  private toConnection(r: ConnectionRecord): Connection {
    const credentialsText = this.ctx.secrets.get(secretNames.platform(r.id));
    const built = this.adapters.get(r.id);
    const shown = this.shown.get(r);
    if (shown && shown.credentialsText === credentialsText && shown.built === built) return shown.connection;
    const connection = Object.freeze(this.buildConnection(r, built));
    this.shown.set(r, { credentialsText, built, connection });
    return connection;
  }

  private buildConnection(r: ConnectionRecord, built: BuiltAdapter | undefined): Connection {
    const credentials = this.credentials(r.id) ?? {};
    const defaults = platformDefaults[r.platform];
    const userFields = Object.keys(credentialsFor[r.platform].shape).filter((f) => f !== 'authCode');
    return {
      id: r.id,
      platform: r.platform,
      label: r.label,
      markets: r.markets,
      enabled: r.enabled,
      state: r.state,
      message: r.message,
      stateCode: r.stateCode,
      ...(r.stateParams ? { stateParams: r.stateParams } : {}),
      account: r.account,
      capabilities: built ? [...built.adapter.capabilities] : [...defaults.capabilities],
      apiBase: r.apiBase ?? resolveBase(defaults.apiBase, credentials),
      authBase: r.authBase ?? resolveBase(defaults.authBase, credentials),
      credentialsSet: [...userFields, ...tokenFields.filter((f) => !userFields.includes(f))].filter(
        (f) => credentials[f] !== undefined && credentials[f] !== null && credentials[f] !== '',
      ),
      tokenExpiresAt: r.tokenExpiresAt,
      announce: Object.fromEntries(allMoments.map((m) => [m, r.announce[m] ?? true])) as Connection['announce'],
      checkedAt: r.checkedAt,
      createdAt: r.createdAt,
    };
  }
}

/** Tokens are refreshed when they expire within this (the scheduler looks every minute). */
export const refreshMarginMs = 10 * 60_000;
