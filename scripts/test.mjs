// `npm test`: build, then the unit/integration suite (vitest) and the browser suite (Playwright).
// Both suites always run, so one failing does not hide the other's results; the exit code is non-zero
// if either failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

for (const report of ['test-results/vitest.json', 'test-results/playwright.json']) fs.rmSync(report, { force: true });
if (run('npm', ['run', 'build']) !== 0) process.exit(1);
const unit = run('npx', ['vitest', 'run']);
const e2e = run('npx', ['playwright', 'test']);
process.exit(unit !== 0 || e2e !== 0 ? 1 : 0);
