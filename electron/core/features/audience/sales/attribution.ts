import type { Attribution } from '../../../../shared/contract/audience';

/**
 * What was on air when an order line was placed: a pure function of the session log's events before the
 * order's `placedAt`, so the review can be recomputed from the log at any time and never hand-kept.
 *
 * The windows, and why:
 * - Pinned product: the card on air at `placedAt`. A card taken off less than `pinGraceMs` (5 min)
 *   before still counts: viewers tap the card, then finish checkout minutes later. When the ordered
 *   product itself was on air (or in its grace), it is the one named; otherwise the latest card on air
 *   (viewers bought something else while it showed), else null.
 * - Deal: a deal of the ordered product live at `placedAt`, or ended less than `dealGraceMs` (2 min)
 *   before (a checkout started at the deal price finishes after the countdown). Deals of other products
 *   are not this line's deal.
 * - Cue: the last cue reached (any lane: every lane reaches a cue at the same moment) at or before
 *   `placedAt` in the session, with its script; no time limit: the last thing the host was cued to say.
 * - Script version (A/B): the version of the script loaded in the prompter at `placedAt` (its last
 *   `prompter.loaded`, unless a `prompter.unloaded` came after), so an order placed while B was read is B's
 *   even before B's first cue.
 * - Hosts and market: the session's own (`session.started`).
 */
export const attributionWindows = {
  pinGraceMs: 5 * 60_000,
  dealGraceMs: 2 * 60_000,
} as const;

export type { OnAirEvent } from '../../../../shared/sales/version-review';
import type { OnAirEvent } from '../../../../shared/sales/version-review';

/** The log kinds attribution reads. */
export const onAirKinds = [
  'session.started',
  'product.pinned',
  'product.unpinned',
  'deal.started',
  'deal.ended',
  'deal.soldOut',
  'deal.cancelled',
  'prompter.cue.reached',
  'prompter.loaded',
  'prompter.unloaded',
] as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The attribution of one line of `productId` placed at `placedAt`, from `events` in log order (at,
 * then sequence). Events after `placedAt` are ignored, so passing the whole session is fine.
 */
export function attribute(events: readonly OnAirEvent[], placedAt: number, productId: string | null, windows = attributionWindows): Attribution {
  // Cards on air per output (an output shows one card); cards taken off, with when.
  const onAir = new Map<string, { productId: string; at: number }>();
  const unpinnedAt = new Map<string, number>();
  const deals = new Map<string, { productId: string; startedAt: number; endedAt: number | null }>();
  let cue: { cueId: string; scriptId: string | null } | null = null;
  let scriptVersion: { scriptId: string; version: string } | null = null;
  let hosts: string[] = [];
  let market: string | null = null;

  for (const e of events) {
    if (e.at > placedAt) break;
    const p = e.payload;
    switch (e.kind) {
      case 'session.started':
        hosts = Array.isArray(p.hosts) ? p.hosts.filter((h): h is string => typeof h === 'string') : [];
        market = str(p.market);
        break;
      case 'product.pinned': {
        const output = str(p.output) ?? '';
        const previous = onAir.get(output);
        if (previous) unpinnedAt.set(previous.productId, e.at);
        const id = str(p.productId);
        if (id) onAir.set(output, { productId: id, at: e.at });
        break;
      }
      case 'product.unpinned': {
        const output = str(p.output) ?? '';
        const shown = onAir.get(output);
        if (shown) {
          onAir.delete(output);
          unpinnedAt.set(shown.productId, e.at);
        } else if (str(p.productId)) unpinnedAt.set(str(p.productId)!, e.at);
        break;
      }
      case 'deal.started': {
        const id = str(p.dealId);
        if (id) deals.set(id, { productId: str(p.productId) ?? '', startedAt: e.at, endedAt: null });
        break;
      }
      case 'deal.ended':
      case 'deal.soldOut':
      case 'deal.cancelled': {
        const deal = deals.get(str(p.dealId) ?? '');
        if (deal && deal.endedAt === null) deal.endedAt = e.at;
        break;
      }
      case 'prompter.cue.reached':
        cue = { cueId: str(p.cueId) ?? '', scriptId: str(p.scriptId) };
        break;
      case 'prompter.loaded': {
        const scriptId = str(p.scriptId);
        const version = str(p.version);
        scriptVersion = scriptId && version ? { scriptId, version } : null;
        break;
      }
      case 'prompter.unloaded':
        if (scriptVersion && scriptVersion.scriptId === str(p.scriptId)) scriptVersion = null;
        break;
      default:
        break;
    }
  }

  const shownNow = [...onAir.values()].sort((a, b) => b.at - a.at);
  const inGrace = (id: string) => {
    const off = unpinnedAt.get(id);
    return off !== undefined && placedAt - off < windows.pinGraceMs;
  };
  let pinnedProductId: string | null = null;
  if (productId && (shownNow.some((s) => s.productId === productId) || inGrace(productId))) pinnedProductId = productId;
  else if (shownNow.length > 0) pinnedProductId = shownNow[0]!.productId;
  else {
    const recent = [...unpinnedAt.entries()].filter(([id]) => inGrace(id)).sort((a, b) => b[1] - a[1])[0];
    pinnedProductId = recent ? recent[0] : null;
  }

  let dealId: string | null = null;
  if (productId) {
    let best: { id: string; startedAt: number } | null = null;
    for (const [id, d] of deals) {
      if (d.productId !== productId) continue;
      const running = d.endedAt === null || placedAt - d.endedAt < windows.dealGraceMs;
      if (running && (!best || d.startedAt > best.startedAt)) best = { id, startedAt: d.startedAt };
    }
    dealId = best?.id ?? null;
  }

  return {
    pinnedProductId,
    dealId,
    cueId: cue?.cueId || null,
    scriptId: cue?.scriptId ?? null,
    scriptVersion,
    hosts,
    market,
  };
}
