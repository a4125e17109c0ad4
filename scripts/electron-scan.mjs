// `npm run scan:electron [-- dir...]`: an Electronegativity scan of the Electron shell's sources
// (`electron/`) and of the built app (`out/`). A medium or high finding passes only if the code it points
// at carries a comment naming the check (for example "Electronegativity PRELOAD_JS_CHECK: reviewed, ...")
// within a few lines above it; anything else fails the run with the finding and what to do.
//
// The scan runs offline: the check that downloads Electron's release list is skipped, the Electron
// version is the one in package.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import Papa from 'papaparse';

const require = createRequire(import.meta.url);
const repo = path.resolve(import.meta.dirname, '..');
/** How far above a finding its explaining comment may start (a BrowserWindow's webPreferences block). */
const commentWindow = 12;
/** ...or below its first line, inside the flagged call's arguments: the only place the bundler keeps a
 * comment in out/ (it drops comments between statements, keeps those in argument lists and objects). */
const commentBelow = 3;

export function electronVersion() {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  return String(pkg.devDependencies.electron).replace(/^[^\d]*/, '');
}

/** Runs Electronegativity on one folder and returns its findings (issue, severity, file, line). */
export function scan(dir) {
  const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'findings.csv');
  const run = spawnSync(
    process.execPath,
    [cli, '-i', dir, '-r', '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electronVersion(), '-o', csv],
    { encoding: 'utf8' },
  );
  if (run.status !== 0 || !fs.existsSync(csv)) {
    throw new Error(`Electronegativity could not scan ${dir} (exit ${run.status}):\n${run.stderr || run.stdout}`);
  }
  const parsed = Papa.parse(fs.readFileSync(csv, 'utf8'), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  fs.rmSync(path.dirname(csv), { recursive: true, force: true });
  return parsed.data.map((row) => {
    const [line] = String(row.location ?? '').split(':');
    return {
      issue: row.issue,
      severity: row.severity,
      file: path.join(dir, row.filename),
      line: Number(line) || 0,
      sample: row.sample,
    };
  });
}

/** True when a comment naming the finding's check sits on its line, just above it, or inside its call. */
export function isExplained(finding) {
  if (!finding.line || !fs.existsSync(finding.file)) return false;
  const lines = fs.readFileSync(finding.file, 'utf8').split('\n');
  const from = Math.max(0, finding.line - 1 - commentWindow);
  return lines.slice(from, finding.line + commentBelow).some((text) => /\/\/|\/\*|^\s*\*/.test(text) && text.includes(finding.issue));
}

/** The medium and high findings of the given folders that no comment explains. */
export function unexplainedFindings(dirs) {
  return dirs
    .flatMap((dir) => scan(dir))
    .filter((f) => f.severity === 'MEDIUM' || f.severity === 'HIGH')
    .filter((f) => !isExplained(f));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dirs = (args.length > 0 ? args : ['electron', 'out']).map((d) => path.resolve(repo, d));
  const missing = dirs.filter((d) => !fs.existsSync(d));
  if (missing.length > 0) {
    console.error(`Nothing to scan at ${missing.join(', ')}: run \`npm run build\` first for out/.`);
    process.exit(2);
  }
  const open = unexplainedFindings(dirs);
  for (const f of open) {
    console.error(`${f.severity} ${f.issue} at ${path.relative(repo, f.file)}:${f.line}: ${f.sample}`);
  }
  if (open.length > 0) {
    console.error(`\n${open.length} finding(s) without an explanation: fix them, or say in a comment naming the check why the code is safe.`);
    process.exit(1);
  }
  console.log(`Electronegativity: no unexplained medium or high finding in ${dirs.map((d) => path.relative(repo, d)).join(', ')}.`);
}
