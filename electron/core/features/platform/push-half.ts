import { HostError } from '../../../shared/contract';
import type { AnnouncementMoment, AnnouncementTemplates } from '../../../shared/contract/platform';
import type { HostContext } from '../../context';
import type { CatalogGateway, DealsGateway, PlatformGateway } from '../gateways';
import { chatLengthLimits, marketLanguage, mergeTemplates, templateTooLong } from './announcement-templates';
import type { ConnectionRegistry } from './connection-registry';
import { PushEngine } from './push-engine';

const templatesKey = 'platform.announcementTemplates';
const placeholders = new Set(['product', 'price', 'code', 'minutesLeft']);

/**
 * The platform feature's push half: deals to promotions and codes, announcements, their contract
 * methods. The feature (platform-feature.ts) creates it beside the connections half and hands it the
 * ConnectionRegistry; the cards feature reads deal.platforms through `gateway`.
 */
export function platformPushHalf(
  ctx: HostContext,
  deps: { registry: ConnectionRegistry; deals: DealsGateway; catalog: CatalogGateway; backoff?: { firstMs: number; maxMs: number } },
) {
  const readTemplates = (): AnnouncementTemplates => {
    const saved = ctx.meta.get(templatesKey);
    return mergeTemplates(saved ? (JSON.parse(saved) as Partial<AnnouncementTemplates>) : null);
  };
  const engine = new PushEngine({
    db: ctx.db,
    bus: ctx.bus,
    registry: deps.registry,
    deals: deps.deals,
    catalog: deps.catalog,
    now: ctx.now,
    templates: readTemplates,
    reportError: (code, message) => ctx.reportError('platform', code, message),
    backoff: deps.backoff,
  });

  /** The shortest chat any connection posts in (YouTube 200, Twitch 500): every template must fit it. */
  /**
   * A template is said in the chats of every connection whose market reads its language: checked against
   * those markets' rules (compliance.check); an error refuses it with the finding, warnings let it pass.
   */
  const checkCompliance = async (moment: string, language: string, text: string) => {
    const call = ctx.dispatcher.client();
    for (const c of deps.registry.list()) {
      for (const market of c.markets.filter((m) => marketLanguage(m) === language)) {
        let answer;
        try {
          answer = await call('compliance.check', { market, language, text, kind: 'announcement', platforms: [c.platform] });
        } catch (error) {
          if (error instanceof HostError && error.code === 'unknown_method') return; // a host without the compliance feature
          throw error;
        }
        const found = answer.findings.find((f) => f.severity === 'error');
        if (found) {
          throw new HostError(
            'platform.template_not_compliant',
            { moment, language, market, message: found.message, source: found.source },
            { findings: answer.findings },
          );
        }
      }
    }
  };
  const lengthLimit = (): { limit: number; platform: string } => {
    let best: { limit: number; platform: string } = { limit: chatLengthLimits.twitch, platform: 'Twitch' };
    for (const c of deps.registry.list()) {
      if (c.platform === 'youtube' && chatLengthLimits.youtube < best.limit) best = { limit: chatLengthLimits.youtube, platform: 'YouTube' };
    }
    return best;
  };

  const gateway: PlatformGateway = { dealPlatforms: (dealId) => engine.forDeal(dealId) };

  return {
    engine,
    gateway,
    start: () => engine.start(),
    stop: () => engine.stop(),
    handlers: {
      'platform.pushes': (filter: { connectionId?: string; dealId?: string; limit: number }) => engine.pushes(filter),
      'platform.retryPush': (filter: { key?: string; dealId?: string; connectionId?: string }) => ({ requeued: engine.retry(filter) }),
      // No platform API pins in a live: the host pins by hand, and saying so here puts it in the session log.
      'platform.pinDone': ({ connectionId, productId }: { connectionId: string; productId: string }) => {
        const connection = deps.registry.get(connectionId);
        if (!connection) throw new HostError('platform.not_found', { id: connectionId });
        ctx.bus.publish('platform.pinDone', { connectionId, platform: connection.platform, productId });
        return { ok: true as const };
      },
      'platform.templates': () => ({ templates: readTemplates() }),
      'platform.setTemplates': async ({ templates }: { templates: Partial<Record<AnnouncementMoment, Record<string, string>>> }) => {
        const { limit, platform } = lengthLimit();
        for (const [moment, byLanguage] of Object.entries(templates)) {
          for (const [language, text] of Object.entries(byLanguage ?? {})) {
            const unknown = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).find((name) => !placeholders.has(name));
            if (unknown !== undefined) throw new HostError('platform.template_placeholder', { moment, language, placeholder: `{${unknown}}` });
            if (text.trim() === '') throw new HostError('platform.template_empty', { moment, language });
            const length = templateTooLong(text, limit);
            if (length !== null) throw new HostError('platform.template_too_long', { moment, language, length, limit, platform });
            await checkCompliance(moment, language, text);
          }
        }
        const saved = ctx.meta.get(templatesKey);
        const current = saved ? (JSON.parse(saved) as Partial<AnnouncementTemplates>) : {};
        for (const [moment, byLanguage] of Object.entries(templates) as [AnnouncementMoment, Record<string, string>][]) {
          current[moment] = { ...(current[moment] ?? {}), ...byLanguage };
        }
        ctx.meta.set(templatesKey, JSON.stringify(current));
        return { templates: readTemplates() };
      },
    },
  };
}

export type PlatformPushHalf = ReturnType<typeof platformPushHalf>;
