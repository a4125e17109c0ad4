import type { CheckFacts } from '../../../shared/compliance/check';
import type { DealRuleRef } from '../../../shared/compliance/pack-schema';
import type { DealRecord } from '../../../shared/contract/deals';
import { formatPrice, markets } from '../../../shared/markets';
import { shownPrice } from '../../../shared/price-display';
import type { CatalogGateway, DealRulesGateway, DealsGateway } from '../gateways';

const thirtyDaysMs = 30 * 24 * 3600 * 1000;
const openStates = new Set(['scheduled', 'countdown', 'live']);

export interface FactsDeps {
  catalog: Pick<CatalogGateway, 'get' | 'lowestPrice'>;
  deals: DealsGateway;
  dealRules: DealRulesGateway;
}

/**
 * What the rules that need facts (the EU's prior price, a deadline that must be real, the deal rules)
 * are told about the card or deal a text belongs to. The price checks are the deals' own (cards/price-rules.ts,
 * platform/flash-deal-rules.ts), handed in through DealRulesGateway, so a rule is stated once.
 */
export function factsFor(
  deps: FactsDeps,
  input: { market: string; productId?: string; dealId?: string; platforms: readonly string[] },
  now: number,
): CheckFacts | undefined {
  const deal: DealRecord | null = input.dealId
    ? deps.deals.get(input.dealId)
    : input.productId
      ? (deps.deals.running().find((d) => d.productId === input.productId && d.market === input.market) ?? null)
      : null;
  const productId = deal?.productId ?? input.productId;
  if (!productId) return undefined;
  const product = deps.catalog.get({ id: productId });
  const market = deal?.market ?? input.market;
  const price = product.prices.find((p) => p.market === market);
  const facts: CheckFacts = { offerEnds: deal !== null && openStates.has(deal.state) && deal.durationS > 0 };
  if (!price && !deal) return facts;

  const currency = deal?.currency ?? price!.currency;
  // What viewers see: VAT added to a net price where the market shows gross prices.
  const viewerPriceMinor = price ? shownPrice(price, now).amountMinor : 0;
  const regularPriceMinor = deal?.regularPriceMinor ?? viewerPriceMinor;
  const shownPriceMinor = deal?.dealPriceMinor ?? viewerPriceMinor;
  // The prior price is the low of the 30 days before the reduction: before the deal went live, else before now.
  const at = deal?.liveAt ?? now;
  const lowest30dMinor = deps.catalog.lowestPrice(productId, market, at - thirtyDaysMs, at);
  const priceFacts = { market, currency, dealPriceMinor: shownPriceMinor, regularPriceMinor, lowest30dMinor };
  const locale = (markets as Record<string, { locale: string }>)[market]?.locale ?? 'en-US';
  facts.allowedPercentOff = deps.dealRules.percentOff(priceFacts);
  facts.priorPrice = formatPrice(deps.dealRules.referencePrice(priceFacts), currency, locale);

  if (deal) {
    const broken: Partial<Record<DealRuleRef, string>> = {};
    for (const v of deps.dealRules.dealPrice(priceFacts)) broken[v.rule] = v.message;
    if (input.platforms.includes('tiktok-shop')) {
      const flash = deps.dealRules.tiktokFlashDeal({
        market,
        currency,
        leadInS: deal.leadInS,
        durationS: deal.durationS,
        dealPriceMinor: deal.dealPriceMinor,
        regularPriceMinor: deal.regularPriceMinor,
        lowestRecentMinor: lowest30dMinor,
      });
      for (const v of flash) broken[v.rule] = v.message;
    }
    facts.brokenDealRules = broken;
  }
  return facts;
}
