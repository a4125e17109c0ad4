import type { AuthorizeStep, PlatformCapability } from '../../../../../shared/contract/platform';
import { platformDefaults } from '../../../../../shared/contract/platform';
import type { AdapterContext, PlatformAdapter, PromotionSpec, RemoteOrderPage, RemotePromotion, RemoteSku } from '../adapter';
import { PlatformError } from '../adapter';
import { ShopifyAdminClient } from './admin-client';
import {
  checkDocument,
  createDiscountDocument,
  deactivateDiscountDocument,
  discountByCodeDocument,
  discountByIdDocument,
  ordersDocument,
  ordersPageSize,
  variantsBySkuDocument,
} from './documents';
import type {
  CheckData,
  CreateDiscountData,
  DeactivateDiscountData,
  DiscountByCodeData,
  DiscountByIdData,
  DiscountNode,
  DiscountUserError,
  OrdersData,
  VariantsBySkuData,
} from './documents';
import { orderFromNode } from './orders';

/** The Admin API version every call names (a stable one; Shopify supports each for a year). */
export const shopifyApiVersion = '2026-10';

/**
 * Scopes the studio needs. Shopify's write_X grants read_X too. read_orders is needed for the sales
 * panel only (orders in): its absence is said in the account text, not refused, so deals still work.
 */
const requiredScopes = [
  { handle: 'write_discounts', alsoBy: [], why: 'to create and end discount codes' },
  { handle: 'read_products', alsoBy: ['write_products'], why: 'to find products by SKU' },
] as const;
const soonNeededScopes = [{ handle: 'read_orders', alsoBy: ['write_orders'], why: 'orders cannot be read for the sales panel' }] as const;

/** Products per search: Shopify's query string and cost stay small, one page per batch most of the time. */
const skusPerSearch = 25;
const variantsPerPage = 100;

/**
 * A Shopify shop through the Admin GraphQL API and a custom app's access token (no sign-in flow: the
 * token is pasted). A flash deal becomes a basic discount code: fixed amount off each unit of the
 * product (or of its chosen variants), from the deal's go-live to its end, usable `stock` times, once per
 * customer when the deal allows one per buyer.
 */
export class ShopifyAdapter implements PlatformAdapter {
  readonly platform = 'shopify' as const;
  readonly capabilities: ReadonlySet<PlatformCapability> = new Set(platformDefaults.shopify.capabilities);
  private readonly client: ShopifyAdminClient;
  /** The shop's currency, learned once: discount amounts are in it. */
  private shopCurrency: string | null = null;

  constructor(private readonly ctx: AdapterContext) {
    this.client = new ShopifyAdminClient(ctx.http, () => this.endpoint(), () => ctx.now());
  }

  async check(): Promise<{ account: string }> {
    const data = await this.client.request<CheckData>(checkDocument);
    this.shopCurrency = data.shop.currencyCode;
    const granted = new Set(data.currentAppInstallation.accessScopes.map((s) => s.handle));
    const has = (scope: { handle: string; alsoBy: readonly string[] }) => granted.has(scope.handle) || scope.alsoBy.some((s) => granted.has(s));
    const missing = requiredScopes.filter((s) => !has(s));
    if (missing.length > 0) {
      const list = missing.map((s) => `${s.handle} (${s.why})`).join(', ');
      throw new PlatformError(
        'refused',
        `The access token for ${data.shop.myshopifyDomain} lacks the scope${missing.length > 1 ? 's' : ''} ${list}. ` +
          `Add ${missing.map((s) => s.handle).join(' and ')} to the custom app's Admin API access scopes, install the app again, and paste its new access token.`,
        { platformCode: 'missing_scope' },
      );
    }
    const later = soonNeededScopes.filter((s) => !has(s));
    const note = later.length > 0 ? ` (scope ${later.map((s) => s.handle).join(', ')} missing: ${later.map((s) => s.why).join(', ')})` : '';
    return { account: `${data.shop.name} (${data.shop.myshopifyDomain})${note}` };
  }

  /** The token is pasted, not signed in: authorizing is proving it works. */
  async authorize(_input: { authCode?: string } = {}): Promise<AuthorizeStep> {
    await this.check();
    return { kind: 'done' };
  }

  /** Admin-app tokens do not expire. */
  tokenExpiresAt(): number | null {
    return null;
  }

  async refreshIfDue(): Promise<boolean> {
    return false;
  }

  async findBySku(skus: readonly string[]): Promise<RemoteSku[]> {
    const wanted = [...new Set(skus.map((s) => s.trim()).filter((s) => s.length > 0))];
    const found: RemoteSku[] = [];
    for (let i = 0; i < wanted.length; i += skusPerSearch) {
      const batch = wanted.slice(i, i + skusPerSearch);
      const exact = new Set(batch);
      const query = batch.map((sku) => `sku:${searchValue(sku)}`).join(' OR ');
      let after: string | null = null;
      do {
        const data: VariantsBySkuData = await this.client.request<VariantsBySkuData>(variantsBySkuDocument, { query, first: variantsPerPage, after });
        for (const v of data.productVariants.nodes) {
          // Shopify's search matches words, not whole SKUs: keep only exact ones.
          if (v.sku === null || !exact.has(v.sku)) continue;
          found.push({
            sellerSku: v.sku,
            remoteProductId: v.product.id,
            remoteSkuId: v.id,
            title: v.title === 'Default Title' ? v.product.title : `${v.product.title} – ${v.title}`,
          });
        }
        after = data.productVariants.pageInfo.hasNextPage ? data.productVariants.pageInfo.endCursor : null;
      } while (after !== null);
    }
    return found;
  }

  async createPromotion(spec: PromotionSpec): Promise<RemotePromotion> {
    const offMinor = spec.regularPriceMinor - spec.dealPriceMinor;
    if (offMinor <= 0) {
      throw new PlatformError('misconfigured', `The deal price of ${spec.title} is not below the regular price: there is no discount to create.`);
    }
    const currency = await this.currency();
    if (currency !== spec.currency.toUpperCase()) {
      throw new PlatformError(
        'misconfigured',
        `The shop sells in ${currency} but the deal is priced in ${spec.currency}: a discount code takes an amount in the shop's currency. Use a connection whose markets match the shop.`,
      );
    }
    const productIds = spec.remoteSkuIds.length > 0 ? { productVariantsToAdd: spec.remoteSkuIds.map((id) => gid('ProductVariant', id)) } : { productsToAdd: [gid('Product', spec.remoteProductId)] };
    const discount = {
      title: spec.title,
      code: spec.code,
      startsAt: new Date(spec.beginAt).toISOString(),
      endsAt: new Date(spec.endAt).toISOString(),
      usageLimit: spec.quantityLimit,
      appliesOncePerCustomer: spec.perBuyerLimit === 1,
      context: { all: 'ALL' },
      customerGets: {
        value: { discountAmount: { amount: decimal(offMinor, spec.minorDigits), appliesOnEachItem: true } },
        items: { products: productIds },
      },
    };
    const data = await this.client.request<CreateDiscountData>(createDiscountDocument, { discount });
    const payload = data.discountCodeBasicCreate;
    const errors = payload?.userErrors ?? [];
    if (errors.length > 0) {
      // A code already taken may be ours: an earlier attempt whose answer never arrived.
      if (errors.some((e) => e.code === 'TAKEN' && (e.field ?? []).includes('code'))) {
        const ours = await this.findPromotion(spec);
        if (ours) return ours;
        throw refused(errors, `The code ${spec.code} is already used by another discount in this shop`);
      }
      throw refused(errors, `Shopify refused the discount code ${spec.code}`);
    }
    if (!payload?.codeDiscountNode) throw new PlatformError('unavailable', `Shopify created no discount for ${spec.code} and said nothing why.`);
    return remote(payload.codeDiscountNode, spec.code);
  }

  async findPromotion(spec: PromotionSpec): Promise<RemotePromotion | null> {
    const data = await this.client.request<DiscountByCodeData>(discountByCodeDocument, { code: spec.code });
    const node = data.codeDiscountNodeByCode;
    // Same code with another title: someone else's discount, not an earlier attempt of ours.
    if (!node || node.codeDiscount.title !== spec.title) return null;
    return remote(node, spec.code);
  }

  async endPromotion(promotion: RemotePromotion): Promise<void> {
    const id = gid('DiscountCodeNode', promotion.remoteId);
    const data = await this.client.request<DeactivateDiscountData>(deactivateDiscountDocument, { id });
    const errors = data.discountCodeDeactivate?.userErrors ?? [];
    if (errors.length === 0) return;
    // Already over (expired, or deleted in the admin) is what ending wanted.
    const now = await this.client.request<DiscountByIdData>(discountByIdDocument, { id });
    const status = now.codeDiscountNode?.codeDiscount.status;
    if (!now.codeDiscountNode || status === 'EXPIRED') return;
    throw refused(errors, `Shopify did not end the discount ${promotion.code ?? id}`);
  }

  /**
   * Orders updated at or after the cursor's time, oldest update first (sortKey UPDATED_AT), one page of
   * `ordersPageSize`. The cursor is `{since, after}`: Shopify's page cursor within one search, and once
   * the search is read to its end, a new search from the last update seen (orders updated at that very
   * time come once more and are recognised as unchanged). Before sending, the cost bucket the last answer
   * reported is checked: when this query would not fit, it is not sent and a `throttled` error says how
   * long to wait (THROTTLED answers at 200 or 429 say the same through the admin client).
   */
  async ordersSince(cursor: string | null, since: number): Promise<RemoteOrderPage> {
    const position = readOrdersCursor(cursor) ?? { since: new Date(since).toISOString(), after: null };
    const waitMs = this.client.waitForBudget(this.client.lastRequestedCost ?? 0);
    if (waitMs > 0) {
      throw new PlatformError('throttled', `Shopify's cost budget is spent for now: orders are read again in ${waitMs} ms.`, {
        platformCode: 'THROTTLED',
        retryAfterMs: waitMs,
      });
    }
    const data = await this.client.request<OrdersData>(ordersDocument, {
      first: ordersPageSize,
      after: position.after,
      query: `updated_at:>='${position.since}'`,
    });
    const orders = data.orders.nodes.map(orderFromNode);
    const { hasNextPage, endCursor } = data.orders.pageInfo;
    if (hasNextPage && endCursor) return { orders, cursor: JSON.stringify({ since: position.since, after: endCursor }), more: true };
    const last = data.orders.nodes.at(-1)?.updatedAt;
    const next = last && Date.parse(last) > Date.parse(position.since) ? new Date(Date.parse(last)).toISOString() : position.since;
    return { orders, cursor: JSON.stringify({ since: next, after: null }), more: false };
  }

  close(): void {
    // Nothing of its own runs: calls go through the feature's shared client, which the feature closes.
  }

  private async currency(): Promise<string> {
    if (this.shopCurrency === null) await this.check();
    return this.shopCurrency ?? '';
  }

  /** {apiBase}/admin/api/{version}/graphql.json; apiBase defaults to the shop's own host. */
  private endpoint(): { url: string; accessToken: string } {
    const creds = this.ctx.credentials();
    const accessToken = typeof creds.accessToken === 'string' ? creds.accessToken : '';
    const domain = typeof creds.shopDomain === 'string' ? creds.shopDomain.trim().toLowerCase() : '';
    if (!accessToken || !domain) {
      throw new PlatformError('auth', 'The Shopify connection has no shop domain or access token yet: paste both in its settings.');
    }
    const shop = domain.replace(/\.myshopify\.com$/, '');
    const base = (this.ctx.config.apiBase || platformDefaults.shopify.apiBase).replace('{shop}', shop).replace(/\/+$/, '');
    return { url: `${base}/admin/api/${shopifyApiVersion}/graphql.json`, accessToken };
  }
}

export const createShopifyAdapter = (ctx: AdapterContext): PlatformAdapter => new ShopifyAdapter(ctx);

function remote(node: DiscountNode, code: string): RemotePromotion {
  return { remoteId: node.id, code: node.codeDiscount.codes?.nodes[0]?.code ?? code, status: node.codeDiscount.status ?? null };
}

function refused(errors: DiscountUserError[], what: string): PlatformError {
  const said = errors.map((e) => `${e.message}${e.field ? ` (${e.field.join('.')})` : ''}`).join('; ');
  return new PlatformError('refused', `${what}: ${said}`, { platformCode: errors[0]?.code ?? null, httpStatus: 200 });
}

/** A numeric id pasted from the admin URL becomes the GID the API takes. */
function gid(type: string, id: string): string {
  return /^\d+$/.test(id) ? `gid://shopify/${type}/${id}` : id;
}

/** Minor units as Shopify's Decimal string: 1250 with 2 digits -> "12.50"; 500 with 0 -> "500". */
export function decimal(minor: number, digits: number): string {
  const negative = minor < 0;
  const units = String(Math.abs(Math.round(minor))).padStart(digits + 1, '0');
  const whole = digits > 0 ? `${units.slice(0, -digits)}.${units.slice(-digits)}` : units;
  return negative ? `-${whole}` : whole;
}

function readOrdersCursor(cursor: string | null): { since: string; after: string | null } | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as { since?: unknown; after?: unknown };
    if (typeof value.since !== 'string' || Number.isNaN(Date.parse(value.since))) return null;
    return { since: value.since, after: typeof value.after === 'string' ? value.after : null };
  } catch {
    return null;
  }
}

/** A value in Shopify's search syntax, quoted so dashes and spaces in a SKU stay part of it. */
function searchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
