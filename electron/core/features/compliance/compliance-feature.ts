import { HostError, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract';
import { RuleBook, type CustomTerm } from '../../../shared/compliance/check';
import type { CustomTermInput } from '../../../shared/contract/compliance';
import type { Feature, HostContext } from '../../context';
import type { ComplianceGateway, ObsGateway } from '../gateways';
import { factsFor, type FactsDeps } from './compliance-facts';
import { Preflight } from './preflight';
import { DisclosureReminders, type ArmTimer } from './disclosure-reminders';
import { englishRuleMessages, loadRulePacks, shippedPackFiles } from './rule-packs';

type PackList = MethodOutput<'compliance.packs'>['packs'];

/**
 * Compliance: the market and platform rule packs (resources/rules/), validated when the host starts, and
 * the one check every place uses (compliance.check): the script editor's lint, product cards, the
 * announcement templates and REST clients. The user's own terms are kept in the settings' compliance section.
 */
export function complianceFeature(
  ctx: HostContext,
  deps: FactsDeps & { obs: Pick<ObsGateway, 'isConnected' | 'request'>; packFiles?: Readonly<Record<string, unknown>>; disclosureTimer?: ArmTimer },
): Feature & { book: RuleBook; gateway: ComplianceGateway; disclosures: DisclosureReminders } {
  const loaded = loadRulePacks(deps.packFiles ?? shippedPackFiles);
  const book = new RuleBook(
    loaded.map((l) => l.pack),
    englishRuleMessages,
  );
  const call = ctx.dispatcher.client();
  const disclosures = new DisclosureReminders({
    bus: ctx.bus,
    now: ctx.now,
    packs: loaded.map((l) => l.pack),
    settings: () => ctx.settings.section('compliance').disclosureReminders,
    timer: deps.disclosureTimer,
  });
  const unsubscribers: (() => void)[] = [];

  /** The platforms of the studio's enabled connections that sell in the market (a platform pack applies there). */
  const platformsFor = async (market: string): Promise<string[]> => {
    try {
      const { connections } = await call('platform.list', {});
      return [...new Set(connections.filter((c) => c.enabled && c.markets.includes(market)).map((c) => c.platform))];
    } catch (error) {
      if (error instanceof HostError && error.code === 'unknown_method') return [];
      throw error;
    }
  };

  /** Another feature's method; null when this host lacks that feature (a test host with fewer features). */
  const ask = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | null> => {
    try {
      return await call(method, input);
    } catch (error) {
      if (error instanceof HostError && error.code === 'unknown_method') return null;
      throw error;
    }
  };

  const check = async (input: Omit<MethodInput<'compliance.check'>, 'platforms'> & { platforms?: readonly string[] }) => {
    const platforms = input.platforms ?? (await platformsFor(input.market));
    const now = ctx.now();
    let facts;
    try {
      facts = factsFor(deps, { market: input.market, productId: input.productId, dealId: input.dealId, platforms }, now);
    } catch (error) {
      if (error instanceof HostError && error.code === 'not_found') {
        throw new HostError('compliance.context_not_found', { what: input.dealId ? `deal ${input.dealId}` : `product ${input.productId ?? ''}` });
      }
      throw error;
    }
    return book.check({ ...input, kind: input.kind ?? 'script', platforms, now, customTerms: customTerms(), facts });
  };
  const preflight = new Preflight({ book, catalog: deps.catalog, obs: deps.obs, check, ask });

  /** The session's languages (a card mid-live is checked in them and the market's). */
  const sessionLanguages = async (): Promise<string[]> => (await ask('session.current', {}))?.session?.languages ?? [];
  const gateway: ComplianceGateway = {
    async checkCard(productId, market) {
      const platforms = await platformsFor(market);
      return (await preflight.card(productId, market, await sessionLanguages(), platforms))?.findings ?? [];
    },
    async checkDeal(deal) {
      return preflight.deal(deal, await platformsFor(deal.market));
    },
  };

  const customTerms = (): CustomTerm[] => ctx.settings.section('compliance').customTerms;

  const packs = (): PackList => {
    const now = ctx.now();
    return loaded.map(({ file, pack }) => ({
      id: pack.id,
      file,
      title: pack.title,
      platforms: pack.platforms ?? null,
      rules: pack.rules.map((spec) => {
        const rule = book.rules.find((r) => r.spec.id === spec.id)!;
        const m = spec.matcher;
        const terms = m.type === 'terms' ? m.terms : m.type === 'requires' ? m.phrases : [];
        return {
          id: spec.id,
          markets: spec.markets,
          languages: spec.languages,
          category: spec.category,
          severity: spec.severity,
          kinds: spec.kinds ?? ['script', 'card', 'deal', 'announcement', 'reply'],
          terms: m.type === 'pattern' ? [m.pattern] : terms.map((t) => (typeof t === 'string' ? t : t.term)),
          dealRule: m.type === 'dealRule' ? m.rule : null,
          exemptions: spec.exemptions ?? [],
          messageKey: spec.message,
          source: spec.source,
          validFrom: spec.validFrom,
          validUntil: spec.validUntil ?? null,
          inForce: now >= rule.validFromMs && now < rule.validUntilMs,
        };
      }),
    }));
  };

  return {
    name: 'compliance',
    book,
    gateway,
    disclosures,
    async start() {
      unsubscribers.push(
        ctx.bus.on('session.started', (event) => disclosures.sessionStarted(event.payload.sessionId)),
        ctx.bus.on('session.changed', (event) => disclosures.sessionChanged(event.payload.session)),
        ctx.bus.on('settings.changed', () => disclosures.settingsChanged()),
      );
      // A session resumed before this feature started (the session log starts first).
      const live = await call('session.current', {}).catch(() => null);
      if (live?.session) disclosures.sessionChanged(live.session);
    },
    stop() {
      for (const off of unsubscribers.splice(0)) off();
      disclosures.stop();
    },
    handlers: {
      'compliance.disclosures': () => ({ markets: disclosures.markets() }),
      'compliance.disclosureState': () => disclosures.state(),
      'compliance.acknowledgeDisclosure': ({ reminderId, from }) => disclosures.acknowledge(reminderId, from),
      'compliance.check': (input) => check(input),
      'compliance.preflight': async ({ market, languages, platforms }) =>
        preflight.run({ market, languages, platforms: platforms ?? (await platformsFor(market)) }),
      'compliance.packs': () => ({ packs: packs() }),
      'compliance.customTerms': () => ({ terms: customTerms() }),
      'compliance.setCustomTerms': ({ terms }) => {
        const unique = new Map<string, CustomTermInput>();
        for (const t of terms) unique.set(`${t.market}\n${t.term.toLowerCase()}`, t);
        const saved = ctx.settings.set({ compliance: { customTerms: [...unique.values()] as CustomTerm[] } });
        return { terms: saved.compliance.customTerms };
      },
    },
  };
}
