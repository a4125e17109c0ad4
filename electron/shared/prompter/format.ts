import type { Block, Cue, Inline, ScriptDoc } from './types';

/** Writes a document back as script text in one canonical form (what export produces). */
export function formatScript(doc: Pick<ScriptDoc, 'blocks'>): string {
  return doc.blocks.map(formatBlock).join('\n\n') + (doc.blocks.length > 0 ? '\n' : '');
}

function formatBlock(block: Block): string {
  const body = formatInlines(block.inlines);
  if (block.kind === 'heading') return '#'.repeat(block.level) + (body === '' ? '' : ` ${body}`);
  // A paragraph starting with "#" would read back as a heading.
  return body.startsWith('#') ? `\\${body}` : body;
}

function formatInlines(inlines: readonly Inline[]): string {
  let out = '';
  let em = false;
  let strong = false;
  const setStyle = (nextEm: boolean, nextStrong: boolean) => {
    // "*" toggles emphasis and "**" toggles strong; the parser reads a run of stars as pairs first.
    if (strong !== nextStrong) out += '**';
    if (em !== nextEm) out += '*';
    em = nextEm;
    strong = nextStrong;
  };
  for (const inline of inlines) {
    if (inline.kind === 'cue') {
      out += formatCue(inline.cue);
      continue;
    }
    setStyle(inline.em, inline.strong);
    out += escapeText(inline.text);
  }
  setStyle(false, false);
  return out;
}

export function formatCue(cue: Pick<Cue, 'type' | 'argument' | 'explicitId'>): string {
  const argument = cue.argument === '' ? '' : `:${cue.argument.replace(/[\\#\]]/g, (c) => `\\${c}`)}`;
  const id = cue.explicitId === null ? '' : `#${cue.explicitId}`;
  return `[[${cue.type}${argument}${id}]]`;
}

function escapeText(text: string): string {
  return text.replace(/[\\*[]/g, (c) => `\\${c}`);
}

/** What an exported Markdown file says about its script, in a front-matter block. */
export interface ScriptFileMeta {
  title?: string;
  language?: string;
  /** The A/B version the text belongs to (written only for scripts with several; none: the first). */
  version?: string;
  productId?: string;
  segmentId?: string;
}

const metaKeys: Record<keyof ScriptFileMeta, string> = {
  title: 'title',
  language: 'language',
  version: 'version',
  productId: 'product',
  segmentId: 'segment',
};

/** One language of a script as a Markdown file: front matter (title, language, owner), then the text. */
export function exportScriptFile(meta: ScriptFileMeta, text: string): string {
  const lines = (Object.keys(metaKeys) as (keyof ScriptFileMeta)[])
    .filter((key) => meta[key] !== undefined && meta[key] !== '')
    .map((key) => `${metaKeys[key]}: ${JSON.stringify(meta[key])}`);
  const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  return lines.length === 0 ? body : `---\n${lines.join('\n')}\n---\n\n${body}`;
}

/**
 * Reads a Markdown file written by exportScriptFile (or any Markdown file: the front matter is
 * optional). Unknown front-matter keys are ignored; values may be quoted (JSON) or bare.
 */
export function importScriptFile(file: string): { meta: ScriptFileMeta; text: string } {
  const source = typeof file === 'string' ? file.replace(/^\uFEFF/, '') : '';
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return { meta: {}, text: source };
  const meta: ScriptFileMeta = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const pair = /^([A-Za-z]+):\s*(.*)$/.exec(line.trim());
    if (!pair) continue;
    const key = (Object.keys(metaKeys) as (keyof ScriptFileMeta)[]).find((k) => metaKeys[k] === pair[1]!.toLowerCase());
    if (!key) continue;
    meta[key] = readValue(pair[2]!);
  }
  return { meta, text: source.slice(match[0].length).replace(/^\r?\n/, '') };
}

function readValue(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string') return value;
    } catch {
      // Not JSON after all: keep it as written.
    }
  }
  return raw;
}
