import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { unexplainedFindings } from '../../../scripts/electron-scan.mjs';

const repo = path.resolve(import.meta.dirname, '../../..');

interface Finding {
  issue: string;
  severity: string;
  file: string;
  line: number;
}

/** A tiny Electron main file that opens a window with a preload, with or without the reviewing comment. */
function fixture(comment: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-fixture-'));
  fs.writeFileSync(
    path.join(dir, 'main.js'),
    [
      "const { BrowserWindow } = require('electron');",
      'const win = new BrowserWindow({',
      '  webPreferences: {',
      `    ${comment}`,
      "    preload: 'preload.js',",
      '    sandbox: true,',
      '    contextIsolation: true,',
      "    disableBlinkFeatures: 'Auxclick',",
      '  },',
      '});',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('the Electronegativity scan (npm run scan:electron)', () => {
  it('finds no medium or high issue in electron/ that a comment does not explain', async () => {
    const open = (await unexplainedFindings([path.join(repo, 'electron')])) as Finding[];
    expect(open).toEqual([]);
  }, 120_000);

  it('finds none in the built app either (out/, built before the suite runs)', async () => {
    const out = path.join(repo, 'out');
    expect(fs.existsSync(path.join(out, 'main/index.js')), 'run `npm run build` first').toBe(true);
    expect((await unexplainedFindings([out])) as Finding[]).toEqual([]);
  }, 120_000);

  it('fails on a preload nobody reviewed, and passes once a comment names the check', async () => {
    const bare = (await unexplainedFindings([fixture('// no reason given')])) as Finding[];
    expect(bare.map((f) => f.issue)).toContain('PRELOAD_JS_CHECK');
    const reviewed = (await unexplainedFindings([fixture('// Electronegativity PRELOAD_JS_CHECK: reviewed, the preload exposes one function.')])) as Finding[];
    expect(reviewed.map((f) => f.issue)).not.toContain('PRELOAD_JS_CHECK');
  }, 120_000);
});
