import type { CardView } from '../../../../shared/contract/cards';
import type { OutputCapability, OutputStatus } from '../../../../shared/contract/outputs';
import { fillTemplate } from '../../../../shared/template';
import cardsTexts from '../../../../../locales/en/cards.json';
import commonTexts from '../../../../../locales/en/common.json';
import settingsTexts from '../../../../../locales/en/settings.json';

export type OutputDetailCode = keyof typeof cardsTexts.outputDetail;

/** Where the card outputs are set up, as the Settings page names it (the UI says it in its own language). */
export const outputsSettingsPlace = `${commonTexts.nav.settings} > ${settingsTexts.webhook}`;

/** An output's state detail: a code and parameters for the UI, and the English text for the API. */
export function outputDetail(code: OutputDetailCode, params: Record<string, string | number> = {}) {
  return { detail: fillTemplate(cardsTexts.outputDetail[code], params), detailCode: code, detailParams: params };
}

/**
 * One place a card or a commerce change goes: the overlay page, an OBS scene, a webhook, and later a
 * platform API (a TikTok Shop promotion, a YouTube or Twitch chat announcement). Like Streamlabs'
 * platform services, an adapter declares a capability map and the hub sends it only what fits:
 *
 * - `card`: `showCard(render)` whenever the card it should show changes;
 * - `notify`: `notify(change)` for every pin, unpin and deal change, in order;
 * - `promotion` / `chatAnnouncement`: reserved for platform adapters, which would implement `notify`
 *   and act on deal.* changes (create/deactivate a promotion, post an announcement).
 *
 * To add a platform: implement this interface in outputs/<platform>-output.ts, declare its capabilities,
 * keep its credentials in the host, and register it in the cards feature. Calls that may fail return an
 * OutputResult with a specific reason rather than throwing, so one output never stops another.
 */
export interface OutputAdapter {
  readonly id: string;
  readonly label: string;
  readonly capabilities: ReadonlySet<OutputCapability>;
  status(): Pick<OutputStatus, 'enabled' | 'state' | 'detail' | 'detailCode' | 'detailParams'>;
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
  /** capability `card`: the card this output shows now, drawn per market (null: nothing pinned). */
  showCard?(render: CardRender | null): Promise<OutputResult>;
  /** capability `notify`: a commerce change (pin, unpin, deal), delivered in the order they happened. */
  notify?(change: CommerceChange): OutputResult | Promise<OutputResult>;
}

/** A pinned card; `view(market)` draws it for a market (null when the product is not sold there). */
export interface CardRender {
  productId: string;
  pinnedMarket: string;
  view(market: string): Promise<CardView | null>;
}

export interface CommerceChange {
  /** The bus event: product.pinned, deal.started... */
  type: string;
  productId?: string;
  data: Record<string, unknown>;
  at: number;
}

export type OutputResult =
  | { ok: true }
  | { ok: false; reason: 'disabled' | 'not_connected' | 'rejected' | 'unavailable' | 'misconfigured'; message: string };

export const done: OutputResult = { ok: true };
