import type { ScriptDoc } from './types';

/**
 * Where the prompter is, in a way every language shares: the stretch of script after anchor
 * `cueIndex` and the fraction of the way to the next anchor. Anchor 0 is the start of the script and
 * anchor i (1..n) is the lead variant's i-th cue, so `cueIndex` 0 is the text before the first cue and
 * `cueIndex` n the text after the last one. Each lane maps it onto its own variant's layout.
 */
export interface PromptPosition {
  cueIndex: number;
  fraction: number;
}

export const startPosition: PromptPosition = { cueIndex: 0, fraction: 0 };

const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/u;
const cjkGlobal = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/gu;

/**
 * Words for pacing. Spaced scripts count whitespace-separated words; Chinese and Japanese characters
 * count half a word each (about 300 characters a minute at 150 wpm, a usual reading pace).
 */
export function countWords(text: string): number {
  let words = 0;
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    if (!cjk.test(token)) {
      words += 1;
      continue;
    }
    const han = token.match(cjkGlobal)?.length ?? 0;
    const rest = token.replace(cjkGlobal, ' ').trim();
    words += han * 0.5 + (rest === '' ? 0 : rest.split(/\s+/).length);
  }
  return words;
}

/** Words in each stretch between anchors (n cues give n + 1 stretches). */
export function segmentWords(doc: Pick<ScriptDoc, 'blocks'>): number[] {
  const lengths = [0];
  for (const block of doc.blocks) {
    for (const inline of block.inlines) {
      if (inline.kind === 'cue') lengths.push(0);
      else lengths[lengths.length - 1]! += countWords(inline.text);
    }
  }
  return lengths;
}

export function totalLength(lengths: readonly number[]): number {
  return lengths.reduce((a, b) => a + b, 0);
}

export function clampPosition(pos: PromptPosition, lengths: readonly number[]): PromptPosition {
  const last = Math.max(0, lengths.length - 1);
  if (!Number.isFinite(pos.cueIndex) || pos.cueIndex < 0) return { cueIndex: 0, fraction: 0 };
  if (pos.cueIndex > last) return { cueIndex: last, fraction: 1 };
  const fraction = Number.isFinite(pos.fraction) ? Math.min(1, Math.max(0, pos.fraction)) : 0;
  return { cueIndex: Math.floor(pos.cueIndex), fraction };
}

/** Distance from the start in the timeline's unit (words, or pixels of the lead lane). */
export function offsetOf(pos: PromptPosition, lengths: readonly number[]): number {
  const p = clampPosition(pos, lengths);
  let offset = 0;
  for (let i = 0; i < p.cueIndex; i++) offset += lengths[i] ?? 0;
  return offset + p.fraction * (lengths[p.cueIndex] ?? 0);
}

/**
 * The position at a distance from the start. At a boundary it picks the furthest stretch, so cues
 * with no text between them are all passed together.
 */
export function positionAt(offset: number, lengths: readonly number[]): PromptPosition {
  const last = Math.max(0, lengths.length - 1);
  if (!(offset > 0)) return { cueIndex: 0, fraction: 0 };
  let start = 0;
  for (let i = 0; i <= last; i++) {
    const len = lengths[i] ?? 0;
    const nextStart = start + len;
    if (i === last) return { cueIndex: i, fraction: len > 0 ? Math.min(1, (offset - start) / len) : 1 };
    if (offset < nextStart) return { cueIndex: i, fraction: len > 0 ? (offset - start) / len : 0 };
    start = nextStart;
  }
  return { cueIndex: last, fraction: 1 };
}

export function advance(pos: PromptPosition, delta: number, lengths: readonly number[]): PromptPosition {
  return positionAt(offsetOf(pos, lengths) + delta, lengths);
}

export function comparePositions(a: PromptPosition, b: PromptPosition): number {
  return a.cueIndex - b.cueIndex || a.fraction - b.fraction;
}

export function isAtEnd(pos: PromptPosition, lengths: readonly number[]): boolean {
  const last = Math.max(0, lengths.length - 1);
  return pos.cueIndex >= last && (pos.fraction >= 1 || (lengths[last] ?? 0) === 0);
}

/**
 * Anchors (1-based cue numbers) passed when moving forward from `from` to `to`: anchor i sits at
 * {cueIndex: i, fraction: 0} and is passed when from < it <= to.
 */
export function anchorsPassed(from: PromptPosition, to: PromptPosition): number[] {
  const passed: number[] = [];
  if (comparePositions(to, from) <= 0) return passed;
  for (let i = from.cueIndex + 1; i <= to.cueIndex; i++) passed.push(i);
  return passed;
}

/**
 * A lane's pixel anchors: 0, then where each aligned cue sits in this lane's layout, then the bottom.
 * A cue this variant lacks gets a place interpolated between its neighbours by the lead's word
 * offsets; anchors never go backwards, so a cue out of order cannot make the view jump back.
 */
export function laneAnchors(
  alignedIds: readonly string[],
  cueY: ReadonlyMap<string, number>,
  totalHeight: number,
  leadLengths: readonly number[],
): number[] {
  const ys: (number | null)[] = [0, ...alignedIds.map((id) => cueY.get(id) ?? null), totalHeight];
  const cum: number[] = [0];
  for (let i = 0; i < ys.length - 1; i++) cum.push(cum[i]! + (leadLengths[i] ?? 0));
  for (let i = 1; i < ys.length - 1; i++) {
    if (ys[i] !== null) continue;
    let before = i - 1;
    while (ys[before] === null) before--;
    let after = i + 1;
    while (ys[after] === null) after++;
    const span = cum[after]! - cum[before]!;
    const t = span > 0 ? (cum[i]! - cum[before]!) / span : 0;
    ys[i] = ys[before]! + t * (ys[after]! - ys[before]!);
  }
  const out: number[] = [];
  for (const y of ys) out.push(Math.min(totalHeight, Math.max(out[out.length - 1] ?? 0, y ?? 0)));
  return out;
}

/** The lane's y (in content pixels) for a position. */
export function yAt(pos: PromptPosition, anchors: readonly number[]): number {
  const k = Math.min(Math.max(0, pos.cueIndex), Math.max(0, anchors.length - 2));
  const a = anchors[k] ?? 0;
  const b = anchors[k + 1] ?? a;
  return a + pos.fraction * (b - a);
}

/** The position whose y in this lane is `y` (the inverse of yAt, for a reader who scrolls by hand). */
export function positionAtY(y: number, anchors: readonly number[]): PromptPosition {
  const segments = anchors.slice(1).map((b, i) => b - anchors[i]!);
  return positionAt(y, segments);
}
