import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildOutputs, staleBuildReason } from '../../support/build-freshness';
import { tempDir } from '../../support/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

/** A repo-shaped folder: sources and build outputs, every file with the given time (seconds). */
function fakeRepo(sourceTime: number, buildTime: number): string {
  const t = tempDir();
  temps.push(t);
  const write = (file: string, time: number) => {
    const full = path.join(t.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, '//');
    fs.utimesSync(full, time, time);
  };
  for (const file of ['electron/core/host.ts', 'renderer/src/app/App.tsx', 'locales/en/common.json', 'electron.vite.config.ts']) write(file, sourceTime);
  for (const file of buildOutputs) write(file, buildTime);
  return t.dir;
}
const touch = (repo: string, file: string, time: number) => {
  const full = path.join(repo, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, '// edited');
  fs.utimesSync(full, time, time);
};

describe('staleBuildReason', () => {
  it('accepts a build newer than every source', () => {
    expect(staleBuildReason(fakeRepo(1000, 2000))).toBeNull();
  });

  for (const file of ['electron/core/server/local-server.ts', 'renderer/src/features/live/SceneGrid.tsx', 'locales/zh-CN/live.json']) {
    it(`names ${file.split('/')[0]}/ when a file there changed after the build`, () => {
      const repo = fakeRepo(1000, 2000);
      touch(repo, file, 3000);
      const reason = staleBuildReason(repo);
      expect(reason).toContain(file);
      expect(reason).toMatch(/older than the sources.*npm run build/);
    });
  }

  it('judges by the oldest build output (a half-finished build is stale)', () => {
    const repo = fakeRepo(1000, 2000);
    touch(repo, 'renderer/src/main.tsx', 2500);
    touch(repo, 'out/main/serve.js', 3000); // main rebuilt, the renderer not
    expect(staleBuildReason(repo)).toContain('renderer/src/main.tsx');
  });

  it('says to build when out/ is missing', () => {
    const repo = fakeRepo(1000, 2000);
    fs.rmSync(path.join(repo, 'out'), { recursive: true });
    expect(staleBuildReason(repo)).toMatch(/build is missing \(out\/main\/serve\.js not found\).*npm run build/);
  });

  it('ignores node_modules and dot folders inside the sources', () => {
    const repo = fakeRepo(1000, 2000);
    touch(repo, 'renderer/node_modules/x/index.js', 3000);
    touch(repo, 'electron/.cache/x', 3000);
    expect(staleBuildReason(repo)).toBeNull();
  });
});
