// Builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node.
//
// node_modules keeps the build for Node (used by `npm test` and `npm run serve`); Electron loads this
// separate file through better-sqlite3's `nativeBinding` option. So `npm test` and `npm start` both
// work, in either order, and `npm install` never has to know about Electron. Needs the internet on
// first run (Electron headers or a prebuilt binary); later runs reuse the stamp.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.electron-native');
const target = path.join(outDir, 'better_sqlite3.node');
const stampFile = path.join(outDir, 'stamp.json');

const electronVersion = require('electron/package.json').version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = require('better-sqlite3/package.json').version;
const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

if (fs.existsSync(target) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)) {
  console.log(`better-sqlite3 for Electron ${electronVersion} is up to date.`);
  process.exit(0);
}

const work = path.join(outDir, 'src');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });

const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit' });
console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}...`);
try {
  run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion]);
} catch {
  const nodeGyp = process.env.npm_config_node_gyp;
  if (!nodeGyp) throw new Error('No prebuilt binary and no node-gyp: run this script through npm (npm start / npm run dist).');
  run(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers']);
}
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stampFile, JSON.stringify(stamp));
fs.rmSync(work, { recursive: true, force: true });
console.log(`Wrote ${path.relative(root, target)}`);
