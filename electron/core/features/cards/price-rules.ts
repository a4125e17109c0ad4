import type { PriceViolation } from '../../../shared/contract/deals';
import { formatPrice, markets } from '../../../shared/markets';

export const omnibusWindowMs = 30 * 24 * 3600 * 1000;

export interface PriceFacts {
  market: string;
  currency: string;
  dealPriceMinor: number;
  regularPriceMinor: number;
  /** Lowest price applied in the previous 30 days (from the price history); null when unknown. */
  lowest30dMinor: number | null;
}

export function isEuMarket(market: string): boolean {
  return (markets as Record<string, { eu: boolean }>)[market]?.eu ?? false;
}

/**
 * The rules a flash-deal price must meet:
 * - below the product's regular price in that market (otherwise it is not a deal);
 * - in EU markets, below the lowest price of the previous 30 days (Directive 98/6/EC Art. 6a, "Omnibus"):
 *   a reduction is measured from that low, so a price raised just before a "deal" does not count.
 */
export function checkDealPrice(facts: PriceFacts): PriceViolation[] {
  const locale = (markets as Record<string, { locale: string }>)[facts.market]?.locale ?? 'en-US';
  const money = (minor: number) => formatPrice(minor, facts.currency, locale);
  const violations: PriceViolation[] = [];
  if (facts.dealPriceMinor >= facts.regularPriceMinor) {
    violations.push({
      rule: 'below_regular_price',
      limitMinor: facts.regularPriceMinor,
      message: `The deal price ${money(facts.dealPriceMinor)} is not below the regular price ${money(facts.regularPriceMinor)} in ${facts.market}.`,
    });
  }
  if (isEuMarket(facts.market) && facts.lowest30dMinor !== null && facts.dealPriceMinor >= facts.lowest30dMinor) {
    violations.push({
      rule: 'omnibus_30_day_low',
      limitMinor: facts.lowest30dMinor,
      message:
        `The deal price ${money(facts.dealPriceMinor)} is not below the lowest price of the last 30 days ` +
        `(${money(facts.lowest30dMinor)}) in ${facts.market}: EU law measures a reduction from that price.`,
    });
  }
  return violations;
}

/** Percent off the reference price a viewer may be shown (the 30-day low in the EU). */
export function percentOff(facts: PriceFacts): number {
  const reference = isEuMarket(facts.market) && facts.lowest30dMinor !== null ? facts.lowest30dMinor : facts.regularPriceMinor;
  if (reference <= 0 || facts.dealPriceMinor >= reference) return 0;
  return Math.floor(((reference - facts.dealPriceMinor) / reference) * 100);
}

export function referencePrice(facts: PriceFacts): number {
  return isEuMarket(facts.market) && facts.lowest30dMinor !== null ? facts.lowest30dMinor : facts.regularPriceMinor;
}

/**
 * The "was" price a card may strike through: the reference price, only when it is higher than the deal
 * price. A deal started with an override at or above it is no reduction, so nothing is struck through.
 */
export function shownReferencePrice(facts: PriceFacts): number | null {
  const reference = referencePrice(facts);
  return reference > facts.dealPriceMinor ? reference : null;
}

/** The broken rules of a refused deal price, in English (deal.refused_price); the same words at create and at start. */
export function priceRuleReasons(violations: readonly PriceViolation[]): string {
  return violations.map((v) => v.message).join(' ');
}
