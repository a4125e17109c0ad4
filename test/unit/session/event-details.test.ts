import { describe, expect, it } from 'vitest';
import { events, type EventName } from '../../../electron/shared/contract';
import { detailsOf } from '../../../renderer/src/features/session/event-details';

/** A logged row of a kind, its payload checked against the contract (what the host logs). */
const row = <N extends EventName>(kind: N, payload: unknown, at = 1) => ({ kind, at, payload: events[kind].payload.parse(payload) });

const attribution = { pinnedProductId: null, dealId: null, cueId: null, scriptId: null, scriptVersion: null, hosts: [], market: 'DE' };
const line = (sku: string, quantity: number, refundedQuantity = 0) => ({
  lineId: `l-${sku}`,
  productId: 'p1',
  sku,
  remoteProductId: 'gid://shopify/Product/1',
  remoteSkuId: 'gid://shopify/ProductVariant/1',
  quantity,
  refundedQuantity,
  unitPriceMinor: 5490,
  attribution,
});
const order = {
  key: 'c1:gid://shopify/Order/1013',
  connectionId: 'c1',
  platform: 'shopify',
  orderId: 'gid://shopify/Order/1013',
  placedAt: 1,
  updatedAt: 1,
  status: 'paid',
  currency: 'EUR',
  minorDigits: 2,
  totalMinor: 16470,
  lines: [line('SILK-SCARF-RED', 3)],
  sessionId: 's1',
};

describe('the session events table says what an audience or platform event was, not its JSON', () => {
  it('a comment: platform, language, question, the text; never the viewer', () => {
    const text = detailsOf(
      row('chat.message', {
        id: 'twitch:1', platform: 'twitch', connectionId: 'c2', messageId: '1', at: 1, authorName: 'Lucía', authorKey: 'k1', text: '¿Hacéis envíos a Madrid?',
        kind: 'text', amount: null, language: 'es', question: true, starred: false, answered: false, hidden: false, hiddenBy: null, sessionId: 's1',
      }),
      'DE',
    );
    expect(text).toBe('twitch · es · ? · ¿Hacéis envíos a Madrid?');
    expect(text).not.toContain('Lucía');
  });

  it("a super chat's amount in the market's format", () => {
    const text = detailsOf(
      row('chat.message', {
        id: 'youtube:2', platform: 'youtube', connectionId: 'c3', messageId: '2', at: 1, authorName: 'x', authorKey: 'k2', text: 'Love it',
        kind: 'superChat', amount: { currency: 'EUR', amountMinor: 500, minorDigits: 2 }, language: 'en', question: false, starred: false, answered: false, hidden: false, hiddenBy: null, sessionId: 's1',
      }),
      'DE',
    );
    expect(text).toBe('youtube · en · superChat · 5,00\u00a0€ · Love it');
  });

  it('a question answered from a lane, a comment hidden by a keyword, a pin and an unpin', () => {
    expect(detailsOf(row('chat.updated', { id: 'a', question: true, starred: false, answered: true, hidden: false, hiddenBy: null, by: 'lane' }), 'DE')).toBe('answered · lane');
    expect(detailsOf(row('chat.updated', { id: 'a', question: false, starred: false, answered: false, hidden: true, hiddenBy: 'spam', by: 'moderation' }), 'DE')).toBe('hidden (spam) · moderation');
    expect(detailsOf(row('chat.pinned', { comment: { id: 'a', platform: 'twitch', authorName: 'Mateo', text: 'Qué bonito', at: 1, pinnedAt: 2 } }), 'DE')).toBe('twitch · Mateo: Qué bonito');
    expect(detailsOf(row('chat.pinned', { comment: null }), 'DE')).toBe('—');
  });

  it('an order with its lines and total, and its change of status', () => {
    expect(detailsOf(row('order.created', order), 'DE')).toBe('shopify · paid · 164,70\u00a0€ · SILK-SCARF-RED × 3');
    const refunded = { ...order, status: 'refunded', lines: [line('SILK-SCARF-RED', 3, 3)] };
    expect(detailsOf(row('order.updated', { order: refunded, previousStatus: 'paid' }), 'DE')).toBe('paid → refunded · shopify · 164,70\u00a0€ · SILK-SCARF-RED × 0');
  });

  it('viewers, a drop, and a platform call with its outcome', () => {
    expect(detailsOf(row('audience.viewers', { connectionId: 'c2', platform: 'twitch', viewers: 412, at: 1 }), 'DE')).toBe('twitch · 412');
    expect(detailsOf(row('audience.viewerDrop', { from: 400, to: 210, withinMs: 60_000, at: 1 }), 'DE')).toBe('400 → 210 · 60 s');
    const pushed = { connectionId: 'c1', platform: 'shopify', key: 'deal:d1:create@c1', action: 'promotion.create', dealId: 'd1', remoteId: 'gid://shopify/DiscountCodeNode/1012' };
    expect(detailsOf(row('platform.pushed', { ...pushed, outcome: 'ok', message: null, errorCode: null }), 'DE')).toBe('shopify · promotion.create · ok · gid://shopify/DiscountCodeNode/1012');
    expect(
      detailsOf(row('platform.pushed', { ...pushed, remoteId: null, outcome: 'failed', message: 'Missing access scope write_discounts.', errorCode: 'ACCESS_DENIED' }), 'DE'),
    ).toBe('shopify · promotion.create · failed · ACCESS_DENIED · Missing access scope write_discounts.');
  });

  it("a session's start, a deal's countdown and its stock", () => {
    expect(detailsOf(row('session.started', { sessionId: 's1', title: 'Tea hour', market: 'DE', hosts: ['Ana', 'Li Wei'] }), 'DE')).toBe('Tea hour · DE · Ana, Li Wei');
    expect(detailsOf(row('deal.countdown', { dealId: 'd1', productId: 'p1', countdownEndsAt: 10_000, endsAt: 310_000 }, 0), 'DE')).toBe('10 s');
    expect(detailsOf(row('deal.stock.changed', { dealId: 'd1', productId: 'p1', stock: 29, unitsSold: 1 }), 'DE')).toBe('1 → 29');
  });

  it('a kind without its own line still shows its JSON', () => {
    expect(detailsOf({ kind: 'some.future.kind', at: 1, payload: { a: 1 } }, 'DE')).toBe('{"a":1}');
  });
});
