import type { LoggedEvent } from '../../../../electron/shared/contract/session';
import { formatMoney } from '../../../../electron/shared/money';

type Fields = Record<string, unknown>;

const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const join = (parts: unknown[]) => parts.map(s).filter(Boolean).join(' · ');
const fields = (v: unknown): Fields => (v !== null && typeof v === 'object' ? (v as Fields) : {});

/** An order's lines as "SKU × units" (its product's SKU, else the platform's id); refunds subtracted. */
function orderSummary(order: Fields, market: string): string {
  const lines = Array.isArray(order.lines) ? (order.lines as Fields[]) : [];
  const items = lines.map((l) => {
    const units = (typeof l.quantity === 'number' ? l.quantity : 0) - (typeof l.refundedQuantity === 'number' ? l.refundedQuantity : 0);
    return `${s(l.sku ?? l.remoteSkuId ?? l.remoteProductId) || '?'} × ${units}`;
  });
  const total = typeof order.totalMinor === 'number' && typeof order.currency === 'string' ? formatMoney(order.totalMinor, order.currency, market) : '';
  return join([order.platform, order.status, total, items.join(', ')]);
}

/**
 * What a logged event says, in one line of the session's events table: the fields that matter per kind
 * (the full JSON stays in the cell's tooltip). Money in the session market's format. A viewer is never
 * named here: the log keeps a pseudonym, and a pinned comment's display name only.
 */
export function detailsOf(row: Pick<LoggedEvent, 'kind' | 'payload' | 'at'>, market: string): string {
  const p = fields(row.payload);
  const money = (minor: unknown) => (typeof minor === 'number' && typeof p.currency === 'string' ? formatMoney(minor, p.currency, market) : '');
  switch (row.kind) {
    case 'session.started':
      return join([p.title, p.market, Array.isArray(p.hosts) ? p.hosts.join(', ') : '']);
    case 'session.ended':
    case 'session.resumed':
      return '';
    case 'obs.scene.changed':
    case 'obs.preview.changed':
      return s(p.sceneName);
    case 'deal.created':
    case 'deal.started':
      return [money(p.dealPriceMinor), p.stock !== undefined ? `× ${s(p.stock)}` : ''].filter(Boolean).join(' ');
    // The countdown's length (the deal goes live when it ends); stock as orders take it.
    case 'deal.countdown':
      return typeof p.countdownEndsAt === 'number' ? `${Math.round((p.countdownEndsAt - row.at) / 1000)} s` : '';
    case 'deal.stock.changed':
      return `${s(p.unitsSold)} → ${s(p.stock)}`;
    case 'deal.ended':
    case 'deal.soldOut':
    case 'deal.cancelled':
      return join([`${s(p.unitsSold)} · ${money(p.revenueMinor)}`, p.reason]);
    case 'prompter.cue.reached':
    case 'prompter.cue.action':
      return join([`${s(p.cueType)}${p.argument ? `:${s(p.argument)}` : ''}`, p.lane, p.result]);
    case 'session.mark':
    case 'session.note':
      return s(p.text);
    case 'obs.connection.changed':
      return s(p.message);
    case 'error':
      return `${s(p.source)}: ${s(p.message)}`;
    // Disclosure reminders: what the host was asked to say, and how long the acknowledgement took.
    case 'compliance.disclosureReminder':
      return join([p.market, p.reason, ...(Array.isArray(p.texts) ? (p.texts as { text?: unknown }[]).map((x) => x.text) : [])]);
    case 'compliance.disclosureAcknowledged':
      return join([p.market, p.from, typeof p.afterMs === 'number' ? `+${Math.round(p.afterMs / 1000)} s` : '']);
    // The audience: a comment (platform, language, question, a super chat's amount, the text), what was done to one.
    case 'chat.message': {
      const amount = fields(p.amount);
      const paid =
        typeof amount.amountMinor === 'number' && typeof amount.currency === 'string' ? formatMoney(amount.amountMinor, amount.currency, market) : '';
      return join([p.platform, p.language, p.question === true ? '?' : '', p.kind !== 'text' ? p.kind : '', paid, p.text]);
    }
    case 'chat.updated':
      return join([
        p.question === true ? (p.answered === true ? 'answered' : 'open') : '',
        p.starred === true ? 'starred' : '',
        p.hidden === true ? `hidden${p.hiddenBy ? ` (${s(p.hiddenBy)})` : ''}` : '',
        p.by,
      ]);
    case 'chat.pinned': {
      const comment = fields(p.comment);
      return p.comment ? join([comment.platform, `${s(comment.authorName)}: ${s(comment.text)}`]) : '—';
    }
    case 'chat.forgotten':
      return join([p.platform, p.authorKey, `${s(p.messages)} / ${s(p.logEvents)}`]);
    case 'audience.viewers':
      return join([p.platform, p.viewers]);
    case 'audience.viewerDrop':
      return join([`${s(p.from)} → ${s(p.to)}`, typeof p.withinMs === 'number' ? `${Math.round(p.withinMs / 1000)} s` : '']);
    case 'order.created':
      return orderSummary(p, market);
    case 'order.updated': {
      const order = fields(p.order);
      return join([`${s(p.previousStatus)} → ${s(order.status)}`, orderSummary({ ...order, status: null }, market)]);
    }
    // The platforms: a call answered or refused, a pin to do in the platform's console, a connection's state.
    case 'platform.pushed':
      return join([p.platform, p.action, p.outcome, p.remoteId, p.errorCode, p.message]);
    case 'platform.pinReminder':
      return join([p.connectionLabel, p.remoteProductId]);
    case 'platform.pinDone':
      return s(p.platform);
    case 'platform.changed': {
      const connection = fields(p.connection);
      return p.removed === true ? join([p.connectionId, 'removed']) : join([connection.label, connection.state, connection.message]);
    }
    default:
      return JSON.stringify(row.payload);
  }
}
