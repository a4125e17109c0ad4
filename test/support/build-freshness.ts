import fs from 'node:fs';
import path from 'node:path';

/** What the build reads: a change to any of these makes `out/` stale. */
export const buildInputs = ['electron', 'renderer', 'locales', 'resources', 'electron.vite.config.ts'];
/** Files every build writes; the oldest of them is the time of the build. */
export const buildOutputs = ['out/main/serve.js', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/prompter.html', 'out/renderer/overlay.html'];

/** The newest modification time under `target` (a file or a folder, walked recursively), with its path. */
function newestFile(target: string): { file: string; mtimeMs: number } | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return { file: target, mtimeMs: stat.mtimeMs };
  let newest: { file: string; mtimeMs: number } | null = null;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const found = newestFile(path.join(target, entry));
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/**
 * Why the built host in `out/` cannot be trusted to be the code under test, or null when it is fresh:
 * a build output is missing, or a source file changed after the oldest build output was written.
 * Tests of the built host (serve, e2e) call this first, so a direct `npx playwright test` or
 * `npx vitest run` after an edit fails with this message instead of testing yesterday's build.
 */
export function staleBuildReason(repo: string): string | null {
  let builtAt = Infinity;
  for (const output of buildOutputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.join(repo, output));
    } catch {
      return `The build is missing (${output} not found). Run \`npm run build\` first (\`npm test\` builds for you).`;
    }
    builtAt = Math.min(builtAt, stat.mtimeMs);
  }
  for (const input of buildInputs) {
    const newest = newestFile(path.join(repo, input));
    if (newest && newest.mtimeMs > builtAt) {
      const changed = path.relative(repo, newest.file);
      return (
        `The build in out/ is older than the sources (${changed} changed after the last build), so these tests would run old code. ` +
        'Run `npm run build` first (`npm test` builds for you).'
      );
    }
  }
  return null;
}

/** Set once a test run has checked the build (Playwright's globalSetup), for the processes it starts. */
export const buildCheckedVariable = 'BROADCART_BUILD_CHECKED';

/** Throws with `staleBuildReason`'s message when out/ is stale. */
export function assertFreshBuild(repo: string): void {
  const reason = staleBuildReason(repo);
  if (reason) throw new Error(reason);
}
