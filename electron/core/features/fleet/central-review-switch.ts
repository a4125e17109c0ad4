import { HostError } from '../../../shared/contract';
import type { FleetReview } from '../../../shared/contract/fleet';
import type { HostContext } from '../../context';
import { secretNames } from '../../secrets/plain-text-migration';
import type { CentralSourceGateway } from '../gateways';
import { caFileToSave, displayUrl, parseCentralUrl, pruneCaCertificates, type CentralTarget } from './central-connection';
import { openCentralStore, type CentralStore } from './central-reader';

/** host_meta key of the review's connection (its password is a secret of its own). */
const reviewKey = 'fleet.review';

interface ReviewConfig {
  url: string;
  caFile: string | null;
  enabled: boolean;
}

/**
 * Which store the Sessions page reviews: this PC's log, or the fleet's central PostgreSQL with a
 * manager's login. `serve --central` fixes it on for the run; otherwise Settings switch it
 * (fleet.configureReview), kept in host_meta with the password in the secret store. The pool opens on
 * first use and closes when the switch changes or the host stops.
 */
export class CentralReviewSwitch implements CentralSourceGateway {
  private store: CentralStore | null = null;
  private opened = false;

  constructor(private readonly ctx: HostContext) {}

  /** The central store the review reads now, or null for this PC's log. */
  current(): CentralStore | null {
    if (!this.opened) {
      // A store that cannot open (its CA file gone) throws here on every call, never falls back to the local log.
      const target = this.target();
      this.store = target ? openCentralStore(target) : null;
      this.opened = true;
    }
    return this.store;
  }

  status(): FleetReview {
    const fixed = this.ctx.options.central;
    if (fixed) return { enabled: true, fixed: true, url: displayUrl(fixed.url), caFile: fixed.caFile ?? null, hasPassword: Boolean(fixed.password) };
    const config = this.config();
    return {
      enabled: config?.enabled ?? false,
      fixed: false,
      url: config ? displayUrl(config.url) : null,
      caFile: config?.caFile ?? null,
      hasPassword: this.ctx.secrets.get(secretNames.fleetReviewPassword) !== null,
    };
  }

  /**
   * Keeps a new connection or switches the review on or off. Switching on first proves the login (the
   * schema check, one query): a wrong password or an unreachable server is refused and changes nothing.
   */
  async configure(input: { url: string; password?: string; caFile?: string | null; caPem?: string; enabled: boolean }): Promise<void> {
    if (this.ctx.options.central) throw new HostError('fleet.review_fixed', {});
    const previous = this.config();
    const { url } = input;
    parseCentralUrl(url);
    const caFile = caFileToSave(this.ctx.options.dataDir, 'review', input, previous?.caFile ?? null);
    const password = input.password === undefined ? this.ctx.secrets.get(secretNames.fleetReviewPassword) : input.password || null;
    if (input.enabled) {
      const trial = openCentralStore({ url, caFile, password });
      try {
        await trial.query('SELECT 1');
      } finally {
        await trial.close();
      }
    }
    if (input.password !== undefined) {
      await (input.password === '' ? this.ctx.secrets.delete(secretNames.fleetReviewPassword) : this.ctx.secrets.set(secretNames.fleetReviewPassword, input.password));
    }
    this.ctx.meta.set(reviewKey, JSON.stringify({ url, caFile, enabled: input.enabled } satisfies ReviewConfig));
    pruneCaCertificates(this.ctx.options.dataDir, 'review', caFile);
    await this.reopen();
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = null;
    await store?.close();
  }

  private async reopen(): Promise<void> {
    await this.close();
    this.opened = false;
  }

  private config(): ReviewConfig | null {
    const raw = this.ctx.meta.get(reviewKey);
    return raw ? (JSON.parse(raw) as ReviewConfig) : null;
  }

  private target(): CentralTarget | null {
    const fixed = this.ctx.options.central;
    if (fixed) return { url: fixed.url, password: fixed.password ?? null, caFile: fixed.caFile ?? null };
    const config = this.config();
    if (!config?.enabled) return null;
    return { url: config.url, caFile: config.caFile, password: this.ctx.secrets.get(secretNames.fleetReviewPassword) };
  }
}
