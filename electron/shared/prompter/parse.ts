import {
  argumentlessCueTypes,
  cueTypes,
  isCueType,
  languageNeutralCueTypes,
  type Block,
  type Cue,
  type CueType,
  type Diagnostic,
  type Inline,
  type ParseResult,
  type TextRun,
} from './types';
import { lintMessage, type LintCode } from './lint-texts';
import { allowCueType, parseAllowBody } from '../compliance/exemptions';

/** Characters a backslash escapes in text. */
const textEscapes = new Set(['\\', '*', '[', ']', '#', '_']);
/** Characters a backslash escapes inside a cue. */
const cueEscapes = new Set(['\\', '#', ']']);
export const cueIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
export const maxCueArgumentLength = 200;
const headingPattern = /^(#{1,6})(?:[ \t]+(.*))?$/;

/**
 * Parses one language variant of a script. Never throws: whatever the input, it returns a document
 * (possibly partial) and diagnostics with line, column and a message saying what to fix.
 *
 * Format (see FORMAT.md): blank lines separate paragraphs; `# ` to `###### ` start a heading line;
 * `*em*`, `**strong**`; `\` escapes `\ * [ ] # _`; cues are `[[type:argument]]` or `[[type:argument#id]]`.
 */
export function parseScript(source: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const blocks: Block[] = [];
  const lines = typeof source === 'string' ? source.split(/\r\n|\r|\n/) : [];
  let paragraph: InlineBuilder | null = null;

  const endParagraph = () => {
    if (paragraph) {
      const inlines = paragraph.finish();
      if (inlines.length > 0) blocks.push({ kind: 'paragraph', inlines, line: paragraph.startLine });
    }
    paragraph = null;
  };

  lines.forEach((text, index) => {
    const lineNo = index + 1;
    if (text.trim() === '') return endParagraph();
    const heading = headingPattern.exec(text);
    if (heading) {
      endParagraph();
      const builder = new InlineBuilder(lineNo, diagnostics);
      const content = heading[2] ?? '';
      builder.scanLine(content, lineNo, text.length - content.length);
      blocks.push({ kind: 'heading', level: heading[1]!.length, inlines: builder.finish(), line: lineNo });
      return;
    }
    paragraph ??= new InlineBuilder(lineNo, diagnostics);
    paragraph.scanLine(text, lineNo, 0);
  });
  endParagraph();

  const cues = blocks.flatMap((b) => b.inlines.flatMap((i) => (i.kind === 'cue' ? [i.cue] : [])));
  assignCueIds(cues, diagnostics);
  return { doc: { blocks, cues }, diagnostics };
}

/**
 * Cue ids align the variants of a script:
 * - an explicit id (`[[mark:Price reveal#price]]`) is used as written and must be unique in the variant;
 * - scene, card and deal cues name the same thing in every language, so their id is `type:argument`
 *   (`scene:Close-up`), with `@2`, `@3`... for the second and later cue with the same argument;
 * - mark, note and pause cues are translated (or have no text), so their id is their order among the
 *   cues of their type: `mark@1`, `mark@2`, `pause@1`...
 */
export function assignCueIds(cues: Cue[], diagnostics: Diagnostic[] = []): void {
  const explicit = new Set<string>();
  for (const cue of cues) {
    if (cue.explicitId === null) continue;
    if (explicit.has(cue.explicitId)) {
      diagnostics.push(error(cue.line, cue.column, 'cue_id_twice', { id: cue.explicitId }));
    }
    explicit.add(cue.explicitId);
  }
  const counts = new Map<string, number>();
  for (const cue of cues) {
    if (cue.explicitId !== null) {
      cue.id = cue.explicitId;
      continue;
    }
    const key = languageNeutralCueTypes.includes(cue.type) ? `${cue.type}:${cue.argument}` : cue.type;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    cue.id = languageNeutralCueTypes.includes(cue.type) ? (n === 1 ? key : `${key}@${n}`) : `${key}@${n}`;
  }
}

function error(line: number, column: number, code: LintCode, params: Record<string, string> = {}): Diagnostic {
  return { severity: 'error', line, column, message: lintMessage(code, params), code, params };
}

/** Collects the inline runs of one block, keeping emphasis state across its lines. */
class InlineBuilder {
  private readonly inlines: Inline[] = [];
  private text = '';
  private em = false;
  private strong = false;
  private emOpenedAt: [number, number] | null = null;
  private strongOpenedAt: [number, number] | null = null;
  private lines = 0;

  constructor(
    readonly startLine: number,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** `offset`: how many characters of the source line come before `text` (for columns). */
  scanLine(text: string, line: number, offset: number): void {
    if (this.lines++ > 0) this.text += ' ';
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      const column = offset + i + 1;
      if (ch === '\\' && i + 1 < text.length && textEscapes.has(text[i + 1]!)) {
        this.text += text[i + 1];
        i += 2;
      } else if (ch === '[' && text[i + 1] === '[') {
        const end = findCueEnd(text, i + 2);
        if (end < 0) {
          this.diagnostics.push(error(line, column, 'cue_unclosed'));
          this.text += '[[';
          i += 2;
        } else {
          this.addCue(text.slice(i + 2, end), line, column);
          i = end + 2;
        }
      } else if (ch === '*') {
        if (text[i + 1] === '*') {
          this.toggle('strong', line, column);
          i += 2;
        } else {
          this.toggle('em', line, column);
          i += 1;
        }
      } else {
        this.text += ch;
        i += 1;
      }
    }
  }

  finish(): Inline[] {
    this.flush();
    if (this.strong && this.strongOpenedAt) {
      this.diagnostics.push(error(...this.strongOpenedAt, 'strong_unclosed'));
    }
    if (this.em && this.emOpenedAt) {
      this.diagnostics.push(error(...this.emOpenedAt, 'em_unclosed'));
    }
    return normalizeInlines(this.inlines);
  }

  private toggle(style: 'em' | 'strong', line: number, column: number): void {
    this.flush();
    if (style === 'em') {
      this.em = !this.em;
      this.emOpenedAt = this.em ? [line, column] : null;
    } else {
      this.strong = !this.strong;
      this.strongOpenedAt = this.strong ? [line, column] : null;
    }
  }

  private flush(): void {
    if (this.text !== '') this.inlines.push({ kind: 'text', text: this.text, em: this.em, strong: this.strong });
    this.text = '';
  }

  private addCue(body: string, line: number, column: number): void {
    // [[allow:term | reason]] marks an approved compliance exemption (compliance/exemptions.ts): checked
    // here for its form, read by the compliance check, and neither a cue nor text the reader sees.
    const colon = body.indexOf(':');
    if ((colon > 0 ? body.slice(0, colon) : body).trim().toLowerCase() === allowCueType) {
      const parsed = parseAllowBody(colon > 0 ? body.slice(colon + 1) : '');
      if ('problem' in parsed) this.diagnostics.push(error(line, column, parsed.problem));
      return;
    }
    const cue = parseCueBody(body, line, column, this.diagnostics);
    if (!cue) return;
    this.flush();
    this.inlines.push({ kind: 'cue', cue });
  }
}

/** Index of the first unescaped "]]" at or after `from`, or -1. */
function findCueEnd(text: string, from: number): number {
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === ']' && text[i + 1] === ']') return i;
  }
  return -1;
}

/** Splits a cue body at its first unescaped ':' and '#', unescaping `\\ \# \]`. */
function splitCueBody(body: string): { type: string; argument: string | null; id: string | null } {
  let type = '';
  let argument: string | null = null;
  let id: string | null = null;
  let part: 'type' | 'argument' | 'id' = 'type';
  for (let i = 0; i < body.length; i++) {
    let ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length && cueEscapes.has(body[i + 1]!)) {
      ch = body[++i]!;
    } else if (ch === ':' && part === 'type') {
      part = 'argument';
      argument = '';
      continue;
    } else if (ch === '#' && part !== 'id') {
      part = 'id';
      id = '';
      continue;
    }
    if (part === 'type') type += ch;
    else if (part === 'argument') argument += ch;
    else id += ch;
  }
  return { type, argument, id };
}

function parseCueBody(body: string, line: number, column: number, diagnostics: Diagnostic[]): Cue | null {
  const parts = splitCueBody(body);
  const typeName = parts.type.trim().toLowerCase();
  if (typeName === '') {
    diagnostics.push(error(line, column, 'cue_no_type', { forms: cueTypes.map((t) => `[[${t}${t === 'pause' ? '' : ':…'}]]`).join(', ') }));
    return null;
  }
  if (!isCueType(typeName)) {
    diagnostics.push(error(line, column, 'cue_unknown_type', { type: parts.type.trim(), types: cueTypes.join(', ') }));
    return null;
  }
  const type: CueType = typeName;
  const argument = (parts.argument ?? '').trim();
  let ok = true;
  if (argumentlessCueTypes.includes(type)) {
    if (argument !== '') {
      diagnostics.push(error(line, column, 'cue_takes_no_argument', { type, argument }));
      ok = false;
    }
  } else if (argument === '') {
    diagnostics.push(error(line, column, argumentNeeded(type), { type }));
    ok = false;
  } else if (argument.length > maxCueArgumentLength) {
    diagnostics.push(error(line, column, 'cue_argument_too_long', { max: String(maxCueArgumentLength) }));
    ok = false;
  }
  let explicitId: string | null = null;
  if (parts.id !== null) {
    explicitId = parts.id.trim();
    if (!cueIdPattern.test(explicitId)) {
      diagnostics.push(error(line, column, 'cue_id_invalid', { id: explicitId }));
      ok = false;
    }
  }
  if (!ok) return null;
  return { type, argument, explicitId, id: '', line, column };
}

/** What a cue of this type is missing when it has nothing after the colon. */
function argumentNeeded(type: CueType): LintCode {
  switch (type) {
    case 'scene':
      return 'cue_needs_scene_name';
    case 'card':
      return 'cue_needs_sku';
    case 'deal':
      return 'cue_needs_deal_id';
    case 'mark':
      return 'cue_needs_label';
    default:
      return 'cue_needs_text';
  }
}

/**
 * One canonical form for a block's runs, so that export then import gives the same document:
 * whitespace runs collapse to one space, no space is doubled across a style change, the block is
 * trimmed at both ends, and neighbouring runs with the same style merge.
 */
export function normalizeInlines(inlines: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    if (inline.kind === 'cue') {
      out.push(inline);
      continue;
    }
    let text = inline.text.replace(/\s+/g, ' ');
    const prev = out[out.length - 1];
    const prevEndsWithSpace = prev === undefined || (prev.kind === 'text' && prev.text.endsWith(' '));
    if (prevEndsWithSpace && prev?.kind !== 'cue') text = text.replace(/^ /, '');
    if (text === '') continue;
    if (prev?.kind === 'text' && prev.em === inline.em && prev.strong === inline.strong) {
      prev.text += text;
    } else {
      out.push({ kind: 'text', text, em: inline.em, strong: inline.strong } satisfies TextRun);
    }
  }
  const last = out[out.length - 1];
  if (last?.kind === 'text') {
    last.text = last.text.replace(/ $/, '');
    if (last.text === '') out.pop();
  }
  return out;
}
