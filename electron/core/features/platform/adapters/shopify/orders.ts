import { currencyDigits } from '../../../../../shared/money';
import type { OrderStatus } from '../../../../../shared/contract/audience';
import type { RemoteOrder, RemoteOrderLine } from '../adapter';
import type { OrderNode } from './documents';

/**
 * Shopify orders as the studio keeps them, from the GraphQL poll and from the `orders/*` webhooks alike
 * (both name an order by its GID, so the two paths deduplicate). Only ids, times, status, amounts and
 * lines are read: a webhook body carries the customer too, and it is never looked at.
 *
 * Status: cancelled (cancelledAt set, or VOIDED/EXPIRED: nothing was paid) wins; then REFUNDED,
 * PARTIALLY_REFUNDED, PAID/PARTIALLY_PAID; PENDING and AUTHORIZED are open (placed, not paid yet).
 * A line's refunded quantity is `quantity - currentQuantity` (refunded and removed units both stop counting).
 */
export function orderStatusOf(financialStatus: string | null | undefined, cancelledAt: string | null | undefined): OrderStatus {
  if (cancelledAt) return 'cancelled';
  switch ((financialStatus ?? '').toUpperCase()) {
    case 'REFUNDED':
      return 'refunded';
    case 'PARTIALLY_REFUNDED':
      return 'partiallyRefunded';
    case 'PAID':
    case 'PARTIALLY_PAID':
      return 'paid';
    case 'VOIDED':
    case 'EXPIRED':
      return 'cancelled';
    default:
      return 'open';
  }
}

/** "19.90" in EUR -> 1990; "1500" in JPY -> 1500. Shopify's Decimal strings never use exponents. */
export function minorFromDecimal(amount: string | number | null | undefined, digits: number): number {
  const text = String(amount ?? '0').trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) return 0;
  const fraction = (match[3] ?? '').padEnd(digits, '0');
  // Digits beyond the currency's are rounded half up, as Shopify rounds presentment amounts.
  const kept = fraction.slice(0, digits);
  const roundUp = fraction.length > digits && Number(fraction[digits]) >= 5 ? 1 : 0;
  const value = Number(`${match[2] || '0'}${kept}`) + roundUp;
  return match[1] === '-' ? -value : value;
}

export function digitsOf(currency: string): number {
  return currencyDigits(currency) ?? 2;
}

export function orderFromNode(node: OrderNode): RemoteOrder {
  const currency = node.currentTotalPriceSet.shopMoney.currencyCode ?? node.currencyCode;
  const digits = digitsOf(currency);
  return {
    orderId: node.id,
    placedAt: Date.parse(node.createdAt),
    updatedAt: Date.parse(node.updatedAt),
    status: orderStatusOf(node.displayFinancialStatus, node.cancelledAt),
    currency,
    minorDigits: digits,
    totalMinor: minorFromDecimal(node.currentTotalPriceSet.shopMoney.amount, digits),
    lines: node.lineItems.nodes.map(
      (l): RemoteOrderLine => ({
        lineId: l.id,
        remoteProductId: l.product?.id ?? null,
        remoteSkuId: l.variant?.id ?? null,
        sellerSku: l.sku,
        quantity: l.quantity,
        refundedQuantity: Math.max(0, l.quantity - l.currentQuantity),
        unitPriceMinor: minorFromDecimal(l.discountedUnitPriceAfterAllDiscountsSet.shopMoney.amount, digits),
      }),
    ),
  };
}

/** The parts of a webhook's order body (REST shape) the studio reads; everything else is ignored. */
interface WebhookOrder {
  id?: number | string;
  admin_graphql_api_id?: string;
  created_at?: string;
  updated_at?: string;
  cancelled_at?: string | null;
  financial_status?: string | null;
  currency?: string;
  current_total_price?: string;
  total_price?: string;
  line_items?: {
    id?: number | string;
    admin_graphql_api_id?: string;
    product_id?: number | string | null;
    variant_id?: number | string | null;
    sku?: string | null;
    quantity?: number;
    current_quantity?: number;
    price?: string;
    total_discount?: string;
  }[];
  refunds?: { refund_line_items?: { line_item_id?: number | string; quantity?: number }[] }[];
}

const gid = (type: string, id: number | string | null | undefined): string | null =>
  id === null || id === undefined || id === '' ? null : String(id).startsWith('gid://') ? String(id) : `gid://shopify/${type}/${id}`;

/**
 * An `orders/create`, `orders/paid`, `orders/updated` or `orders/cancelled` body as a RemoteOrder; null
 * when it is not an order (no id or no times). Unit prices are the line price less its own discount per unit.
 */
export function orderFromWebhook(body: unknown): RemoteOrder | null {
  if (typeof body !== 'object' || body === null) return null;
  const o = body as WebhookOrder;
  const orderId = o.admin_graphql_api_id ?? gid('Order', o.id);
  const placedAt = Date.parse(o.created_at ?? '');
  const updatedAt = Date.parse(o.updated_at ?? o.created_at ?? '');
  if (!orderId || Number.isNaN(placedAt) || Number.isNaN(updatedAt) || !o.currency) return null;
  const currency = o.currency.toUpperCase();
  const digits = digitsOf(currency);
  const refunded = new Map<string, number>();
  for (const refund of o.refunds ?? []) {
    for (const item of refund.refund_line_items ?? []) {
      const key = String(item.line_item_id ?? '');
      refunded.set(key, (refunded.get(key) ?? 0) + (item.quantity ?? 0));
    }
  }
  return {
    orderId,
    placedAt,
    updatedAt,
    status: orderStatusOf(o.financial_status, o.cancelled_at),
    currency,
    minorDigits: digits,
    totalMinor: minorFromDecimal(o.current_total_price ?? o.total_price, digits),
    lines: (o.line_items ?? []).map((l): RemoteOrderLine => {
      const quantity = l.quantity ?? 0;
      const removed = typeof l.current_quantity === 'number' ? quantity - l.current_quantity : (refunded.get(String(l.id ?? '')) ?? 0);
      const discountPerUnit = quantity > 0 ? Math.round(minorFromDecimal(l.total_discount, digits) / quantity) : 0;
      return {
        lineId: l.admin_graphql_api_id ?? gid('LineItem', l.id) ?? '',
        remoteProductId: gid('Product', l.product_id),
        remoteSkuId: gid('ProductVariant', l.variant_id),
        sellerSku: l.sku ?? null,
        quantity,
        refundedQuantity: Math.max(0, Math.min(quantity, removed)),
        unitPriceMinor: Math.max(0, minorFromDecimal(l.price, digits) - discountPerUnit),
      };
    }),
  };
}
