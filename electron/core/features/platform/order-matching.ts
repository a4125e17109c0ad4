import type { ProductLink } from '../../../shared/contract/platform';
import type { MatchedOrder } from '../gateways';
import type { RemoteOrder } from './adapters/adapter';

/** `gid://shopify/ProductVariant/123` and `123` are the same id: links may hold either (pasted or found). */
const bareId = (id: string | null): string | null => (id === null ? null : (id.split('/').pop() ?? id));

/**
 * Each order line matched to a catalog product through the connection's product links: by the remote
 * SKU (variant) id, else the remote product id, else the seller SKU equal to the linked product's SKU.
 * A line none of these find keeps productId null (shown as not linked), its seller SKU kept.
 */
export function matchOrder(order: RemoteOrder, links: readonly ProductLink[]): MatchedOrder {
  const bySkuId = new Map<string, ProductLink>();
  const byProduct = new Map<string, ProductLink>();
  const bySku = new Map<string, ProductLink>();
  for (const link of links) {
    for (const id of link.remoteSkuIds) bySkuId.set(bareId(id)!, link);
    byProduct.set(bareId(link.remoteProductId)!, link);
    bySku.set(link.sku, link);
  }
  return {
    orderId: order.orderId,
    placedAt: order.placedAt,
    updatedAt: order.updatedAt,
    status: order.status,
    currency: order.currency,
    minorDigits: order.minorDigits,
    totalMinor: order.totalMinor,
    lines: order.lines.map((l) => {
      const link =
        (l.remoteSkuId !== null ? bySkuId.get(bareId(l.remoteSkuId)!) : undefined) ??
        (l.remoteProductId !== null ? byProduct.get(bareId(l.remoteProductId)!) : undefined) ??
        (l.sellerSku !== null ? bySku.get(l.sellerSku) : undefined);
      return {
        lineId: l.lineId,
        productId: link?.productId ?? null,
        sku: link?.sku ?? l.sellerSku,
        remoteProductId: l.remoteProductId,
        remoteSkuId: l.remoteSkuId,
        quantity: l.quantity,
        refundedQuantity: l.refundedQuantity,
        unitPriceMinor: l.unitPriceMinor,
      };
    }),
  };
}
