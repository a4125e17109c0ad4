import { describe, expect, it } from 'vitest';
import {
  advance,
  anchorsPassed,
  countWords,
  laneAnchors,
  lintScript,
  parseScript,
  positionAt,
  positionAtY,
  segmentWords,
  yAt,
} from '../../../electron/shared/prompter';

describe('lint and alignment across languages', () => {
  const en = '# Tea\nHello. [[scene:Close-up]] Smell it. [[card:TEA-100]] [[mark:Price reveal]] Only $24. [[pause]]';
  const es = '# Té\nHola. [[scene:Close-up]] Huélelo. [[mark:Precio]] Solo 24 $.';
  const zh = '# 茶\n大家好。[[scene:Close-up]]闻一闻。[[card:TEA-100]][[mark:价格]]只要24美元。[[pause]][[deal:FLASH-1]]';

  it('aligns by cue id and reports what each language lacks', () => {
    const lint = lintScript({ en, es, 'zh-CN': zh }, 'en');
    expect(lint.cues.map((c) => c.id)).toEqual(['scene:Close-up', 'card:TEA-100', 'mark@1', 'pause@1']);
    expect(lint.missing.map((m) => [m.language, m.cueId])).toEqual([
      ['es', 'card:TEA-100'],
      ['es', 'pause@1'],
      ['en', 'deal:FLASH-1'],
      ['es', 'deal:FLASH-1'],
    ]);
    expect(lint.errorCount).toBe(0);
    expect(lint.diagnostics.es!.some((d) => /TEA-100.*not in this variant/.test(d.message))).toBe(true);
  });

  it('warns when a variant has its cues in another order, and errors on type clashes', () => {
    const lint = lintScript({ en: '[[mark:a#one]] x [[mark:b#two]]', es: '[[mark:b#two]] y [[mark:a#one]]', de: '[[scene:A#one]]' }, 'en');
    expect(lint.diagnostics.es!.some((d) => /different order/.test(d.message))).toBe(true);
    expect(lint.diagnostics.de!.some((d) => d.severity === 'error' && /scene cue here but a mark cue/.test(d.message))).toBe(true);
  });
});

describe('timeline', () => {
  it('counts words, with CJK characters as half words', () => {
    expect(countWords('Hello there, friends')).toBe(3);
    expect(countWords('大家好')).toBe(1.5);
    expect(countWords('  ')).toBe(0);
  });

  it('splits the lead text into stretches between cues', () => {
    expect(segmentWords(parseScript('one two [[pause]] three [[mark:x]][[mark:y]] four five six').doc)).toEqual([2, 1, 0, 3]);
  });

  it('advances through stretches and passes cues with no text between them together', () => {
    const lengths = [2, 1, 0, 3];
    expect(positionAt(2, lengths)).toEqual({ cueIndex: 1, fraction: 0 });
    expect(positionAt(3, lengths)).toEqual({ cueIndex: 3, fraction: 0 });
    expect(positionAt(99, lengths)).toEqual({ cueIndex: 3, fraction: 1 });
    const from = { cueIndex: 0, fraction: 0.5 };
    const to = advance(from, 3, lengths);
    expect(to).toEqual({ cueIndex: 3, fraction: 1 / 3 });
    expect(anchorsPassed(from, to)).toEqual([1, 2, 3]);
    expect(anchorsPassed(to, from)).toEqual([]);
    // A jump onto a cue does not pass it; moving on from there does not pass it again.
    expect(anchorsPassed({ cueIndex: 1, fraction: 0 }, { cueIndex: 1, fraction: 0.5 })).toEqual([]);
  });

  it("maps positions onto a lane's layout, filling in cues the lane lacks", () => {
    const ys = laneAnchors(['a', 'b', 'c'], new Map([['a', 100], ['c', 400]]), 600, [10, 10, 10, 10]);
    expect(ys).toEqual([0, 100, 250, 400, 600]);
    expect(yAt({ cueIndex: 1, fraction: 0.5 }, ys)).toBe(175);
    expect(positionAtY(175, ys)).toEqual({ cueIndex: 1, fraction: 0.5 });
  });
});
