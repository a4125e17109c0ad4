// `npm run scan:electron [-- dir...]`: an Electronegativity scan of the Electron shell's sources
// (`electron/`) and of the built app (`out/`). A medium or high finding passes only if the code it points
// at carries a comment naming the check (for example "Electronegativity PRELOAD_JS_CHECK: reviewed, ...")
// within a few lines above it; anything else fails the run with the finding and what to do.
//
// The scan runs offline: the check that downloads Electron's release list is skipped, the Electron
// version is the one in package.json.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

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

/**
 * Runs Electronegativity on one folder and returns its findings (issue, severity, file, line). Through its
 * programmatic entry (the package's main), not its CLI: the CLI writes its CSV with two racing
 * asynchronous writes (header and rows), so under load the file can come out scrambled.
 */
export async function scan(dir) {
  const electronegativity = require('@doyensec/electronegativity');
  const run = typeof electronegativity === 'function' ? electronegativity : electronegativity.default;
  const { issues, errors } = await run(
    {
      input: dir,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion(),
      parserPlugins: [],
    },
    false,
  );
  const unparsed = errors.filter((e) => !e.tolerable);
  if (unparsed.length > 0) {
    throw new Error(`Electronegativity could not read ${unparsed.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
  }
  return issues.map((issue) => ({
    issue: issue.id,
    severity: issue.severity.name,
    file: path.join(dir, issue.file),
    line: issue.location?.line ?? 0,
    sample: issue.sample,
  }));
}

/** True when a comment naming the finding's check sits on its line, just above it, or inside its call. */
export function isExplained(finding) {
  if (!finding.line || !fs.existsSync(finding.file)) return false;
  const lines = fs.readFileSync(finding.file, 'utf8').split('\n');
  const from = Math.max(0, finding.line - 1 - commentWindow);
  return lines.slice(from, finding.line + commentBelow).some((text) => /\/\/|\/\*|^\s*\*/.test(text) && text.includes(finding.issue));
}

/** The medium and high findings of the given folders that no comment explains. */
export async function unexplainedFindings(dirs) {
  const findings = [];
  for (const dir of dirs) findings.push(...(await scan(dir)));
  return findings
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
  const open = await unexplainedFindings(dirs);
  for (const f of open) {
    console.error(`${f.severity} ${f.issue} at ${path.relative(repo, f.file)}:${f.line}: ${f.sample}`);
  }
  if (open.length > 0) {
    console.error(`\n${open.length} finding(s) without an explanation: fix them, or say in a comment naming the check why the code is safe.`);
    process.exit(1);
  }
  console.log(`Electronegativity: no unexplained medium or high finding in ${dirs.map((d) => path.relative(repo, d)).join(', ')}.`);
}
