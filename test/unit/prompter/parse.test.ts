import { describe, expect, it } from 'vitest';
import { formatScript, parseScript } from '../../../electron/shared/prompter';

const errorsOf = (text: string) => parseScript(text).diagnostics.filter((d) => d.severity === 'error');

describe('script parser', () => {
  it('reads headings, paragraphs, emphasis and cues', () => {
    const { doc, diagnostics } = parseScript(
      '# Opening\n\nHello *everyone*, this is **the tea**.\n[[scene:Close-up]] Look at the leaves.\n\n## Price\n[[mark:Price reveal]][[pause]]',
    );
    expect(diagnostics).toEqual([]);
    expect(doc.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'heading', 'paragraph']);
    expect(doc.blocks[0]).toMatchObject({ kind: 'heading', level: 1, inlines: [{ text: 'Opening' }] });
    expect(doc.blocks[1]!.inlines).toEqual([
      { kind: 'text', text: 'Hello ', em: false, strong: false },
      { kind: 'text', text: 'everyone', em: true, strong: false },
      { kind: 'text', text: ', this is ', em: false, strong: false },
      { kind: 'text', text: 'the tea', em: false, strong: true },
      { kind: 'text', text: '. ', em: false, strong: false },
      expect.objectContaining({ kind: 'cue' }),
      { kind: 'text', text: ' Look at the leaves.', em: false, strong: false },
    ]);
    expect(doc.cues.map((c) => [c.type, c.argument, c.id, c.line, c.column])).toEqual([
      ['scene', 'Close-up', 'scene:Close-up', 4, 1],
      ['mark', 'Price reveal', 'mark@1', 7, 1],
      ['pause', '', 'pause@1', 7, 22],
    ]);
  });

  it('derives cue ids by type and argument or by order, and honours explicit ids', () => {
    const { doc } = parseScript('[[scene:A]] [[scene:A]] [[card:SKU-1]] [[note:x]] [[note:y]] [[mark:Deal#deal]] [[mark:Other]]');
    expect(doc.cues.map((c) => c.id)).toEqual(['scene:A', 'scene:A@2', 'card:SKU-1', 'note@1', 'note@2', 'deal', 'mark@1']);
  });

  it('reports unknown cue types and bad cues with line and column, and keeps going', () => {
    const text = 'Intro line\nsecond [[scen:Close-up]] and [[card:]]\n[[pause:5]] [[mark:ok#bad id]] [[scene:A\n**open';
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, 8],
      [2, 30],
      [3, 1],
      [3, 13],
      [3, 32],
      [4, 1],
    ]);
    expect(errors[0]!.message).toMatch(/Unknown cue type "scen"/);
    expect(errors[0]!.message).toMatch(/scene, card, deal, mark, pause/);
    expect(errors[1]!.message).toMatch(/needs a product SKU/);
    expect(errors[2]!.message).toMatch(/takes no argument/);
    expect(errors[3]!.message).toMatch(/may use only letters/);
    expect(errors[4]!.message).toMatch(/no closing "\]\]"/);
    expect(errors[5]!.message).toMatch(/never closed/);
  });

  it('reports a duplicated explicit id', () => {
    expect(errorsOf('[[mark:a#x]] [[mark:b#x]]')[0]!.message).toMatch(/used twice/);
  });

  it('keeps escaped characters literal and writes them back escaped', () => {
    const source = '\\# not a heading \\*stars\\* and \\[[brackets]] \\\\ done';
    const { doc, diagnostics } = parseScript(source);
    expect(diagnostics).toEqual([]);
    expect(doc.blocks[0]!.inlines).toEqual([{ kind: 'text', text: '# not a heading *stars* and [[brackets]] \\ done', em: false, strong: false }]);
    expect(parseScript(formatScript(doc)).doc.blocks).toEqual(doc.blocks);
  });

  it('reads right-to-left and Chinese text with cues', () => {
    const ar = parseScript('مرحبا بكم [[scene:Close-up]] هذا الشاي');
    const zh = parseScript('大家好！[[scene:Close-up]]这是茉莉银针茶。');
    expect(ar.diagnostics).toEqual([]);
    expect(zh.diagnostics).toEqual([]);
    expect(ar.doc.cues[0]!.id).toBe('scene:Close-up');
    expect(zh.doc.cues[0]!.id).toBe('scene:Close-up');
  });

  it('handles CRLF, tabs and an empty document', () => {
    expect(parseScript('').doc.blocks).toEqual([]);
    const { doc } = parseScript('a\r\n\tb\r\n\r\nc');
    expect(doc.blocks.map((b) => b.inlines)).toEqual([
      [{ kind: 'text', text: 'a b', em: false, strong: false }],
      [{ kind: 'text', text: 'c', em: false, strong: false }],
    ]);
  });
});
