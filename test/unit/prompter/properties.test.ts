import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cueTypes,
  exportScriptFile,
  formatScript,
  importScriptFile,
  lintScript,
  parseScript,
  type Block,
  type Inline,
  type ScriptDoc,
} from '../../../electron/shared/prompter';

/** Blocks without source positions, for comparing documents. */
function shape(doc: ScriptDoc) {
  return doc.blocks.map((b) => ({
    kind: b.kind,
    level: b.kind === 'heading' ? b.level : 0,
    inlines: b.inlines.map((i) => (i.kind === 'cue' ? { cue: [i.cue.type, i.cue.argument, i.cue.explicitId, i.cue.id] } : i)),
  }));
}

// Text that exercises the format's special characters and scripts.
const textChar = fc.constantFrom('a', 'b', 'Z', ' ', ' ', '*', '**', '\\', '[', ']', '[[', ']]', '#', '_', ':', '中', '文', 'م', 'ب', '\t', 'é');
const text = fc.array(textChar, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));
const cueArgument = fc.array(fc.constantFrom('a', 'B', ' ', '-', '#', ']', '\\', '中', ':', '['), { minLength: 1, maxLength: 8 }).map((p) => p.join('').trim() || 'x');
const cueId = fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/), { nil: null });

const inline: fc.Arbitrary<Inline> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text, em: fc.boolean(), strong: fc.boolean() }),
  fc
    .record({ type: fc.constantFrom(...cueTypes), argument: cueArgument, explicitId: cueId })
    .map(({ type, argument, explicitId }) => ({
      kind: 'cue' as const,
      cue: { type, argument: type === 'pause' ? '' : argument, explicitId, id: '', line: 0, column: 0 },
    })),
);
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant('paragraph' as const), inlines: fc.array(inline, { minLength: 1, maxLength: 6 }), line: fc.constant(0) }),
  fc.record({
    kind: fc.constant('heading' as const),
    level: fc.integer({ min: 1, max: 6 }),
    inlines: fc.array(inline, { maxLength: 4 }),
    line: fc.constant(0),
  }),
);

describe('script format properties', () => {
  it('never throws on arbitrary input, and every diagnostic has a line, a column and a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.array(textChar.chain(() => fc.oneof(textChar, fc.constantFrom('\n', '\n\n', '# ', '[[scene:', '[[x:y]]', '[[pause]]')))).map((a) => a.join(''))), (source) => {
        const { doc, diagnostics } = parseScript(source);
        expect(Array.isArray(doc.blocks)).toBe(true);
        for (const d of diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(10);
        }
        lintScript({ en: source, es: source.slice(0, source.length / 2) }, 'en');
      }),
      { numRuns: 500 },
    );
  });

  it('export then import gives the same script (from any document)', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
        const first = parseScript(formatScript({ blocks }));
        // Cue ids may clash in generated documents; everything else must parse cleanly.
        expect(first.diagnostics.filter((d) => !/used twice/.test(d.message))).toEqual([]);
        const exported = formatScript(first.doc);
        const second = parseScript(exported);
        expect(shape(second.doc)).toEqual(shape(first.doc));
        expect(formatScript(second.doc)).toBe(exported);
      }),
      { numRuns: 500 },
    );
  });

  it('export then import gives the same script (from any text that parses without errors)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (source) => {
        const first = parseScript(source);
        if (first.diagnostics.length > 0) return;
        const second = parseScript(formatScript(first.doc));
        expect(shape(second.doc)).toEqual(shape(first.doc));
      }),
      { numRuns: 500 },
    );
  });

  it('a script file keeps its front matter and text through export and import', () => {
    fc.assert(
      fc.property(
        fc.record({ title: fc.string({ maxLength: 20 }), language: fc.constantFrom('en', 'zh-CN', 'es', 'ar'), productId: fc.option(fc.uuid(), { nil: undefined }) }),
        fc.array(block, { maxLength: 4 }),
        (meta, blocks) => {
          const text = formatScript(parseScript(formatScript({ blocks })).doc);
          const back = importScriptFile(exportScriptFile(meta, text));
          expect(back.text).toBe(text);
          expect(back.meta.language).toBe(meta.language);
          expect(back.meta.productId).toBe(meta.productId);
          expect(back.meta.title ?? '').toBe(meta.title);
        },
      ),
      { numRuns: 300 },
    );
  });
});
