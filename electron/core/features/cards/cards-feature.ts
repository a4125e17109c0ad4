import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { HostError, type EventName } from '../../../shared/contract';
import type { OutputStatus } from '../../../shared/contract/outputs';
import type { Feature, HostContext } from '../../context';
import type { CatalogGateway, ComplianceGateway, ObsGateway, PlatformGateway } from '../gateways';
import { findingReasons } from '../../../shared/compliance/finding-reasons';
import type { PreflightFinding } from '../../../shared/contract/compliance';
import type { Deal, DealRecord } from '../../../shared/contract/deals';
import type { DisclosureState } from '../../../shared/contract/compliance';
import type { FeatureDeps } from '../index';
import { secretNames } from '../../secrets/plain-text-migration';
import { CardPins, pinOutputs, type Pin, type PinOutput } from './card-pins';
import { buildCardView, QrCache } from './card-view';
import { DealEngine, soldOutShowMs } from './deal-engine';
import { checkDealPrice } from './price-rules';
import { publishRundownChanged, RundownStore } from './rundown-store';
import { ObsNativeOutput } from './outputs/obs-native-output';
import type { CardRender, OutputAdapter } from './outputs/output-adapter';
import { OverlayOutput } from './outputs/overlay-output';
import { WebhookOutput, webhookTarget } from './outputs/webhook-output';

/** Changes every `notify` output (the webhook, later platform APIs) hears about, in order. */
const commerceEvents: readonly EventName[] = [
  'product.pinned',
  'product.unpinned',
  'deal.created',
  'deal.countdown',
  'deal.started',
  'deal.ended',
  'deal.soldOut',
  'deal.cancelled',
  'deal.stock.changed',
  'deal.override',
];

export type CardsFeature = Feature & {
  deals: DealEngine;
  webhook: WebhookOutput;
  outputs: readonly OutputAdapter[];
  /** Resolves when every card output has drawn the latest state (tests and benches wait on it). */
  idle(): Promise<void>;
};

/**
 * Product cards, flash deals, the rundown and the outputs. The feature owns the truth (pins and deals in
 * SQLite); outputs are projections of it behind one adapter interface (outputs/output-adapter.ts).
 */
export function cardsFeature(
  ctx: HostContext,
  deps: FeatureDeps & { catalog: CatalogGateway; obs: ObsGateway; platforms: PlatformGateway; compliance: ComplianceGateway },
): CardsFeature {
  const catalog = deps.catalog;
  /** A deal as the contract answers it: with what the platform feature did with it on each connection. */
  const withPlatforms = (deal: DealRecord): Deal => ({ ...deal, platforms: deps.platforms.dealPlatforms(deal.id) });
  /** The code a shop made for the deal (Shopify), shown on the card once it exists there. */
  const discountCode = (dealId: string): string | null =>
    deps.platforms.dealPlatforms(dealId).find((p) => p.code !== null && (p.state === 'created' || p.state === 'live'))?.code ?? null;
  const pins = new CardPins(ctx.db);
  const rundowns = new RundownStore(ctx.db);
  const qr = new QrCache();
  const cardsSettings = () => ctx.settings.section('cards');
  const defaultMarket = () => ctx.settings.section('general').defaultMarket;
  /** The live session's market (null when none): cues, pins and deals without a market are for it. */
  let sessionMarket: string | null = null;
  /** The market a pin or deal is for when none is given: the live session's, else the last one chosen (the default market). */
  const currentMarket = () => sessionMarket ?? defaultMarket();
  const report = (code: string, message: string) => ctx.reportError('cards', code, message);
  // Read from memory before every push; kept encrypted in the secret store.
  const secret = () => ctx.secrets.get(secretNames.webhookSigning);
  /** Markets an open overlay page asked for, besides those in settings. */
  const marketsAsked = new Set<string>();
  /** The compliance feature's disclosure state (compliance.disclosureState): the card line while a session is live. */
  let disclosure: DisclosureState | null = null;
  const disclosureLine = (market: string, language: string): string | null => {
    if (!disclosure?.active || !disclosure.onCard || disclosure.market !== market) return null;
    const base = language.split('-')[0];
    const found = disclosure.texts.find((t) => t.language === language) ?? disclosure.texts.find((t) => t.language.split('-')[0] === base);
    return (found ?? disclosure.texts[0])?.text ?? null;
  };

  const deals = new DealEngine({
    db: ctx.db,
    bus: ctx.bus,
    catalog,
    now: ctx.now,
    defaultMarket: currentMarket,
    reportError: report,
    onChange: (deal) => {
      if (pins.all().some((p) => p.productId === deal.productId)) refreshCards();
      if (deal.state === 'sold-out') setTimeout(() => refreshCards(), soldOutShowMs + 50).unref?.();
    },
  });

  const overlay = new OverlayOutput({
    bus: ctx.bus,
    server: deps.server,
    staticDir: ctx.options.staticDir,
    // The current market first, then every market the catalog sells in, those in settings and those pages asked for.
    markets: () => [...new Set([currentMarket(), ...catalog.markets(), ...cardsSettings().overlayMarkets, ...marketsAsked])],
  });
  const obsNative = new ObsNativeOutput({
    obs: deps.obs,
    enabled: () => cardsSettings().obsNativeEnabled,
    sceneName: () => cardsSettings().obsSceneName,
    assetDir: path.join(ctx.options.dataDir, 'cards', 'obs'),
    now: ctx.now,
    reportError: report,
  });
  const webhook = new WebhookOutput({
    db: ctx.db,
    bus: ctx.bus,
    now: ctx.now,
    url: () => cardsSettings().webhookUrl,
    secret,
    maxBackoffMs: () => cardsSettings().webhookMaxBackoffMs,
    reportError: report,
  });
  const outputs: readonly OutputAdapter[] = [overlay, obsNative, webhook];
  const cardOutputs = new Map<PinOutput, OutputAdapter>([
    ['overlay', overlay],
    ['obs-native', obsNative],
  ]);

  const render = (pin: Pin | null): CardRender | null =>
    pin && {
      productId: pin.productId,
      pinnedMarket: pin.market,
      view: async (market) => {
        const product = catalog.get({ id: pin.productId });
        return buildCardView(product, market, pin.pinnedAt, { catalog, deals: deals.store, qr, now: ctx.now(), discountCode, disclosure: disclosureLine });
      },
    };

  // One drawing at a time per output, always of the latest state, so a slow one never overwrites a newer one.
  const drawing = new Map<PinOutput, Promise<unknown>>();
  function refreshCards(only?: PinOutput[]): void {
    for (const [output, adapter] of cardOutputs) {
      if (only && !only.includes(output)) continue;
      const previous = drawing.get(output) ?? Promise.resolve();
      const next = previous
        .then(() => adapter.showCard?.(render(pins.get(output))))
        .catch((error: unknown) => report('card_output', `${adapter.label}: ${(error as Error).message}`));
      drawing.set(output, next);
    }
  }

  const statuses = (): OutputStatus[] =>
    outputs.map((o) => ({ id: o.id, label: o.label, capabilities: [...o.capabilities], ...o.status() }));
  // At most a few times a second: a burst of deliveries must not turn into a burst of status queries.
  let outputsTimer: NodeJS.Timeout | null = null;
  const outputsChanged = () => {
    outputsTimer ??= setTimeout(() => {
      outputsTimer = null;
      ctx.bus.publish('outputs.changed', { outputs: statuses() });
    }, 200);
  };

  const unsubscribers: (() => void)[] = [];
  function listen(): void {
    for (const name of commerceEvents) {
      unsubscribers.push(
        ctx.bus.on(name, (event) => {
          const data = event.payload as Record<string, unknown>;
          const productId = typeof data.productId === 'string' ? data.productId : undefined;
          for (const output of outputs) {
            if (!output.capabilities.has('notify') || !output.notify) continue;
            void Promise.resolve(output.notify({ type: name, productId, data, at: event.at })).catch((error: unknown) =>
              report('output_notify', `${output.label}: ${(error as Error).message}`),
            );
          }
        }),
      );
    }
    unsubscribers.push(
      ctx.bus.on('catalog.changed', (event) => {
        if (pins.all().some((p) => event.payload.productIds.includes(p.productId))) refreshCards();
      }),
      ctx.bus.on('settings.changed', () => {
        webhook.kick();
        refreshCards();
        outputsChanged();
      }),
      ctx.bus.on('delivery.result', () => outputsChanged()),
      // A shop answered with the deal's discount code: the card shows it.
      ctx.bus.on('platform.pushed', (event) => {
        const { dealId, outcome } = event.payload;
        if (!dealId || outcome !== 'ok') return;
        const productId = deals.store.get(dealId).productId;
        if (pins.all().some((p) => p.productId === productId)) refreshCards();
      }),
      ctx.bus.on('session.changed', (event) => setSessionMarket(event.payload.session?.market ?? null)),
      // The disclosure line appears on (or leaves) the cards when the host's choice or the session changes.
      ctx.bus.on('compliance.disclosureState', (event) => setDisclosure(event.payload)),
    );
  }

  function setDisclosure(next: DisclosureState | null): void {
    const key = (d: DisclosureState | null) => JSON.stringify(d && d.active && d.onCard ? [d.market, d.texts] : null);
    const changed = key(next) !== key(disclosure);
    disclosure = next;
    if (changed) refreshCards();
  }

  function setSessionMarket(market: string | null): void {
    if (market === sessionMarket) return;
    sessionMarket = market;
    // The overlay links put the session's market first, and its overlay page gets the card.
    refreshCards(['overlay']);
    outputsChanged();
  }

  /**
   * A card pinned or a deal started during a session is checked for its market (a price changed since
   * the pre-flight, texts edited mid-live): errors refuse it unless overridden with a reason; what it
   * breaks is logged (compliance.flagged, published by the returned function with the pin or start).
   */
  async function midLiveCheck(
    what: 'card' | 'deal',
    productId: string,
    market: string,
    check: () => Promise<PreflightFinding[]>,
    overrideReason: string | undefined,
    dealId: string | null = null,
  ): Promise<(() => void) | null> {
    if (sessionMarket === null) return null;
    const findings = await check();
    if (findings.length === 0) return null;
    const errors = findings.some((f) => f.severity === 'error');
    if (errors && !overrideReason) {
      const params = { market, reasons: findingReasons(findings) };
      // Said on the bus too: a refused cue, key or REST pin must reach the host at the desk, not only the caller.
      const details = { refusalId: randomUUID(), what, productId, dealId, market, findings };
      ctx.bus.publish('compliance.refused', details);
      throw what === 'card' ? new HostError('card.refused_compliance', params, details) : new HostError('deal.refused_compliance', params, details);
    }
    return () =>
      ctx.bus.publish('compliance.flagged', { what, productId, dealId, market, findings, overrideReason: errors ? overrideReason! : null });
  }

  const outputsOf = (output: 'overlay' | 'obs-native' | 'all'): PinOutput[] => (output === 'all' ? [...pinOutputs] : [output]);

  return {
    name: 'cards',
    deals,
    webhook,
    outputs,
    async idle() {
      await Promise.all([...drawing.values()]);
    },
    async start() {
      listen();
      // A session resumed before the cards started (the session log starts first) sets the market too.
      // In-host calls go through the typed client: same checks as any transport, and a typed answer.
      const live = await ctx.dispatcher.client()('session.current', {}).catch(() => null);
      sessionMarket = live?.session?.market ?? null;
      // The compliance feature starts first: its disclosure state is ready.
      disclosure = await ctx.dispatcher.client()('compliance.disclosureState', {}).catch(() => null);
      deals.recover(ctx.previousRunCrashed);
      for (const output of outputs) await output.start?.();
      refreshCards();
    },
    async stop() {
      for (const off of unsubscribers.splice(0)) off();
      if (outputsTimer) clearTimeout(outputsTimer);
      deals.stop();
      for (const output of [...outputs].reverse()) await output.stop?.();
    },
    handlers: {
      'card.pin': async ({ productId, sku, market, output, overrideReason }) => {
        const product = deals.product({ productId, sku });
        const pinMarket = market ?? currentMarket();
        const flagged = await midLiveCheck('card', product.id, pinMarket, () => deps.compliance.checkCard(product.id, pinMarket), overrideReason);
        const pinnedAt = ctx.now();
        const view = await buildCardView(product, pinMarket, pinnedAt, { catalog, deals: deals.store, qr, now: pinnedAt, discountCode, disclosure: disclosureLine });
        if (!view) {
          throw new HostError('card.no_price_in_market', {
            sku: product.sku,
            market: pinMarket,
            markets: product.prices.map((p) => p.market).join(', ') || 'no market',
          },
          );
        }
        const targets = outputsOf(output);
        ctx.db.transaction(() => {
          for (const target of targets) pins.pin({ output: target, productId: product.id, market: pinMarket, pinnedAt });
          ctx.bus.publish('product.pinned', { productId: product.id, sku: product.sku, output, market: pinMarket });
          flagged?.();
        })();
        refreshCards(targets);
        return { pinned: pins.all(), card: view };
      },
      'card.unpin': ({ output }) => {
        const removed = ctx.db.transaction(() => {
          const gone = outputsOf(output).flatMap((target) => {
            const pin = pins.unpin(target);
            return pin ? [pin] : [];
          });
          for (const productId of new Set(gone.map((p) => p.productId))) ctx.bus.publish('product.unpinned', { productId, output });
          return gone;
        })();
        refreshCards(removed.map((p) => p.output));
        return { unpinned: removed.map((p) => p.output) };
      },
      'card.current': async ({ output, market }) => {
        const pin = pins.get(output);
        const forMarket = market ?? pin?.market ?? currentMarket();
        if (market && output === 'overlay' && !marketsAsked.has(market) && marketsAsked.size < 50) marketsAsked.add(market);
        const card = pin ? await render(pin)!.view(forMarket) : null;
        return { card, pins: pins.all() };
      },
      'deal.create': (input) => {
        const { deal, violations } = deals.create(input);
        return { deal: withPlatforms(deal), violations };
      },
      'deal.start': async ({ dealId, code, overrideReason }) => {
        const deal = deals.find({ dealId, code });
        // An override given when the deal was made covers its start, as for the price rules.
        const reason = overrideReason ?? deal.overrideReason ?? undefined;
        const flagged =
          deal.state === 'scheduled' ? await midLiveCheck('deal', deal.productId, deal.market, () => deps.compliance.checkDeal(deal), reason, deal.id) : null;
        const started = deals.start({ dealId: deal.id }, overrideReason);
        flagged?.();
        return withPlatforms(started);
      },
      'deal.get': (ref) => withPlatforms(deals.find(ref)),
      'deal.end': ({ dealId }) => withPlatforms(deals.end(dealId)),
      'deal.cancel': ({ dealId, reason }) => withPlatforms(deals.cancel(dealId, reason)),
      'deal.adjustStock': ({ dealId, sold, stock }) => withPlatforms(deals.adjustStock(dealId, { sold, stock })),
      'deal.list': (filter) => ({ deals: deals.store.list(filter).map(withPlatforms) }),
      'deal.check': ({ productId, sku, market, dealPriceMinor }) => {
        const facts = deals.facts(deals.product({ productId, sku }), market ?? currentMarket(), dealPriceMinor);
        return { violations: checkDealPrice(facts), regularPriceMinor: facts.regularPriceMinor, lowest30dMinor: facts.lowest30dMinor };
      },
      'rundown.get': ({ sessionId }) => rundowns.get(sessionId),
      'rundown.addItem': (input) => {
        const productId = input.kind === 'product' ? deals.product(input).id : null;
        const result = rundowns.add({
          sessionId: input.sessionId,
          kind: input.kind,
          productId,
          title: input.title,
          scriptId: input.scriptId ?? null,
          notes: input.notes,
          durationS: input.durationS ?? null,
          position: input.position,
        });
        publishRundownChanged(ctx.bus, result);
        return result;
      },
      'rundown.updateItem': ({ itemId, ...patch }) => {
        const result = rundowns.update(itemId, patch);
        publishRundownChanged(ctx.bus, result);
        return result;
      },
      'rundown.removeItem': ({ itemId }) => {
        const result = rundowns.remove(itemId);
        publishRundownChanged(ctx.bus, result);
        return result;
      },
      'rundown.move': ({ itemId, toIndex }) => {
        const result = rundowns.move(itemId, toIndex);
        publishRundownChanged(ctx.bus, result);
        return result;
      },
      'rundown.setCurrent': ({ sessionId, itemId }) => {
        const result = rundowns.setCurrent(sessionId, itemId);
        publishRundownChanged(ctx.bus, result, true);
        return result;
      },
      'outputs.list': () => ({
        outputs: statuses(),
        overlayLinks: overlay.links(deps.server.port, ctx.tokens.token('overlay')),
        webhookSecretSet: secret() !== null,
      }),
      'webhook.setSecret': async ({ secret: value }) => {
        if (Buffer.from(value.slice(6), 'base64').length < 24) {
          throw new HostError('webhook.secret_too_short');
        }
        await ctx.secrets.set(secretNames.webhookSigning, value);
        webhook.kick();
        outputsChanged();
        return { ok: true as const };
      },
      'outbox.list': (filter) => webhook.outbox.list({ ...filter, target: webhookTarget }),
      'outbox.retry': ({ key }) => ({ requeued: webhook.requeue(key) }),
    },
  };
}
