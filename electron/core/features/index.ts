import type { Feature, HostContext } from '../context';
import type { EventFanout } from '../api/event-fanout';
import type { LocalServer } from '../server/local-server';
import { audienceFeature } from './audience/audience-feature';
import { cardsFeature } from './cards/cards-feature';
import { checkDealPrice, percentOff, referencePrice } from './cards/price-rules';
import { catalogFeature } from './catalog/catalog-feature';
import { complianceFeature } from './compliance/compliance-feature';
import { CentralReviewSwitch } from './fleet/central-review-switch';
import { fleetFeature } from './fleet/fleet-feature';
import { obsFeature } from './obs/obs-feature';
import { checkTikTokFlashDeal } from './platform/flash-deal-rules';
import { platformFeature } from './platform/platform-feature';
import { prompterFeature } from './prompter/prompter-feature';
import { sessionFeature } from './session/session-feature';
import { settingsFeature } from './settings/settings-feature';
import { systemFeature } from './system/system-feature';

/**
 * What every feature may use besides the context: the server, for features that serve pages or files;
 * the event fan-out, for a feature that lets a client narrow what it hears.
 */
export interface FeatureDeps {
  server: LocalServer;
  events: EventFanout;
}

/** Every feature, typed: what the host and its tests reach a feature by (never a lookup by name). */
export interface Features {
  system: ReturnType<typeof systemFeature>;
  settings: ReturnType<typeof settingsFeature>;
  catalog: ReturnType<typeof catalogFeature>;
  session: ReturnType<typeof sessionFeature>;
  obs: ReturnType<typeof obsFeature>;
  prompter: ReturnType<typeof prompterFeature>;
  cards: ReturnType<typeof cardsFeature>;
  audience: ReturnType<typeof audienceFeature>;
  platform: ReturnType<typeof platformFeature>;
  compliance: ReturnType<typeof complianceFeature>;
  fleet: ReturnType<typeof fleetFeature>;
}

/**
 * The one place features are wired. Each feature gets, as explicit arguments, the gateways it needs of
 * the features created before it (declared in gateways.ts); a feature folder never imports another
 * (lint enforces it). Otherwise features talk through the event bus and the typed dispatcher client
 * (`ctx.dispatcher.client()`). The order is the start order (stopped in reverse): the session log starts
 * right after the basics, so it is recording before any feature can publish, and stops last, after every
 * feature has flushed.
 */
export function wireFeatures(ctx: HostContext, deps: FeatureDeps): { features: Features; inStartOrder: readonly Feature[] } {
  const system = systemFeature(ctx);
  const settings = settingsFeature(ctx);
  const catalog = catalogFeature(ctx);
  // What the session review reads: this PC's log, or the central store (Settings, or `serve --central`).
  const central = new CentralReviewSwitch(ctx);
  // Made below (it starts last); the session review names this PC's studio with it.
  let fleet: ReturnType<typeof fleetFeature> | null = null;
  const session = sessionFeature(ctx, {
    ...deps,
    central,
    studio: () => ({ id: fleet?.studioId ?? '', name: ctx.settings.section('studio').name }),
  });
  const obs = obsFeature(ctx);
  const prompter = prompterFeature(ctx, deps);
  // Cards and platforms need each other: a deal's output carries its platform state, and deal events
  // become platform pushes. The platform feature starts first, so it hears what the deals' recovery publishes.
  let platform: ReturnType<typeof platformFeature> | null = null;
  // The compliance feature (made last: it reads the deals) checks a card pinned or a deal started mid-live.
  let compliance: ReturnType<typeof complianceFeature> | null = null;
  const cards = cardsFeature(ctx, {
    ...deps,
    catalog: catalog.store,
    obs,
    platforms: { dealPlatforms: (dealId) => platform?.pushes.gateway.dealPlatforms(dealId) ?? [] },
    compliance: {
      checkCard: (productId, market) => compliance?.gateway.checkCard(productId, market) ?? Promise.resolve([]),
      checkDeal: (deal) => compliance?.gateway.checkDeal(deal) ?? Promise.resolve([]),
    },
  });
  // Comments, viewers and orders come in through the platform feature's readers, handed to the audience gateway.
  const audience = audienceFeature(ctx, {
    ...deps,
    sessionLog: session.chatLog,
    obs,
    catalog: catalog.store,
    // Shop orders move a live deal's stock (the sales half), in the order's own transaction.
    deals: { get: (dealId) => cards.deals.store.get(dealId), orderUnits: (dealId, units) => cards.deals.orderUnits(dealId, units) },
  });
  platform = platformFeature(ctx, { ...deps, catalog: catalog.store, deals: cards.deals.store, audience: audience.gateway });
  // The deals' own price and flash-deal rules, so the compliance check reports them without restating them.
  compliance = complianceFeature(ctx, {
    obs,
    catalog: catalog.store,
    deals: cards.deals.store,
    dealRules: { dealPrice: checkDealPrice, percentOff, referencePrice, tiktokFlashDeal: (facts) => checkTikTokFlashDeal(facts) },
  });
  // The fleet sync only reads the log (and copies it out): it starts last and stops first.
  fleet = fleetFeature(ctx, { review: central });
  // The central store's pool (a manager's host) closes after everything that reads it has stopped.
  const centralPool: Feature = { name: 'central-store', handlers: {}, stop: () => central.close() };
  return {
    features: { system, settings, catalog, session, obs, prompter, cards, audience, platform, compliance, fleet },
    inStartOrder: [centralPool, system, settings, catalog, session, obs, compliance, prompter, audience, platform, cards, fleet],
  };
}
