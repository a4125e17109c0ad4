import { describe, expect, it } from 'vitest';
import { attribute, attributionWindows, type OnAirEvent } from '../../../electron/core/features/audience/sales/attribution';

const min = 60_000;
const log: OnAirEvent[] = [
  { at: 0, kind: 'session.started', payload: { sessionId: 's', title: 'Show', market: 'DE', hosts: ['Mei'] } },
  { at: 1 * min, kind: 'product.pinned', payload: { productId: 'tea', sku: 'TEA', output: 'overlay', market: 'DE' } },
  // Version B of the tea script goes into the prompter; the A/B version is what was loaded, not the cue's.
  { at: 1.5 * min, kind: 'prompter.loaded', payload: { scriptId: 'tea-script', title: 'Tea', version: 'B', languages: ['en'], leadLanguage: 'en', pickedBy: 'host', reason: 'load' } },
  { at: 2 * min, kind: 'prompter.cue.reached', payload: { cueId: 'c1', cueType: 'card', argument: 'TEA', lane: 'host', language: 'en', scriptId: 'tea-script' } },
  { at: 3 * min, kind: 'deal.started', payload: { dealId: 'd1', productId: 'tea' } },
  { at: 10 * min, kind: 'deal.soldOut', payload: { dealId: 'd1', productId: 'tea' } },
  { at: 11 * min, kind: 'product.unpinned', payload: { productId: 'tea', output: 'overlay' } },
  { at: 19 * min, kind: 'prompter.unloaded', payload: { scriptId: 'tea-script', version: 'B' } },
  { at: 20 * min, kind: 'prompter.cue.reached', payload: { cueId: 'c2', cueType: 'mark', argument: 'Price', lane: 'host', language: 'en', scriptId: 'mug-script' } },
  { at: 21 * min, kind: 'product.pinned', payload: { productId: 'mug', sku: 'MUG', output: 'overlay', market: 'DE' } },
];

describe('attribution', () => {
  it('names the card, deal, cue, script version, hosts and market on air when the line was placed', () => {
    expect(attribute(log, 5 * min, 'tea')).toEqual({
      pinnedProductId: 'tea',
      dealId: 'd1',
      cueId: 'c1',
      scriptId: 'tea-script',
      scriptVersion: { scriptId: 'tea-script', version: 'B' },
      hosts: ['Mei'],
      market: 'DE',
    });
    // Loaded before its first cue: the version counts already.
    expect(attribute(log, 1.75 * min, 'tea')).toMatchObject({ cueId: null, scriptVersion: { scriptId: 'tea-script', version: 'B' } });
  });

  it('a deal counts for a checkout finished shortly after it ended, and only for its own product', () => {
    expect(attribute(log, 10 * min + attributionWindows.dealGraceMs - 1, 'tea').dealId).toBe('d1');
    expect(attribute(log, 10 * min + attributionWindows.dealGraceMs, 'tea').dealId).toBeNull();
    expect(attribute(log, 5 * min, 'mug').dealId).toBeNull();
  });

  it('a card taken off less than the pin window before still counts; after it, nothing is on air', () => {
    expect(attribute(log, 11 * min + attributionWindows.pinGraceMs - 1, 'tea').pinnedProductId).toBe('tea');
    expect(attribute(log, 11 * min + attributionWindows.pinGraceMs + 1, 'tea').pinnedProductId).toBeNull();
    // Another product ordered while the mug shows: the mug is what was on air.
    expect(attribute(log, 25 * min, 'tea')).toMatchObject({ pinnedProductId: 'mug', cueId: 'c2', scriptId: 'mug-script', scriptVersion: null });
  });

  it('events after placedAt never count, and an order before anything happened has nothing', () => {
    expect(attribute(log, 30_000, 'tea')).toEqual({ pinnedProductId: null, dealId: null, cueId: null, scriptId: null, scriptVersion: null, hosts: ['Mei'], market: 'DE' });
  });
});
