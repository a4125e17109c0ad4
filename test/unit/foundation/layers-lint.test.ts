import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: repo });

async function restrictedImports(file: string, code: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}
const crossFeature = (file: string, code: string) => restrictedImports(file, code, 'broadcart/no-cross-feature-imports');

describe('lint enforces the layers', () => {
  it('electron/shared imports nothing outside itself', async () => {
    expect(await restrictedImports('electron/shared/x.ts', `import fs from 'node:fs';\nexport const a = fs;`)).toHaveLength(1);
    expect(await restrictedImports('electron/shared/x.ts', `import { a } from '../core/host';\nexport const b = a;`)).toHaveLength(1);
    expect(await restrictedImports('electron/shared/x.ts', `import { z } from 'zod';\nexport const b = z;`)).toHaveLength(0);
  });

  it('electron/core never imports electron', async () => {
    expect(await restrictedImports('electron/core/x.ts', `import { app } from 'electron';\nexport const a = app;`)).toHaveLength(1);
    expect(await restrictedImports('electron/core/x.ts', `import { a } from '../main/index';\nexport const b = a;`)).toHaveLength(1);
    expect(await restrictedImports('electron/core/x.ts', `import fs from 'node:fs';\nexport const a = fs;`)).toHaveLength(0);
  });

  it('the renderer never imports node, sqlite, electron or the host', async () => {
    for (const code of [
      `import fs from 'fs';`,
      `import fs from 'node:fs';`,
      `import Db from 'better-sqlite3';`,
      `import { ipcRenderer } from 'electron';`,
      `import { startHost } from '../../electron/core/host';`,
      `import { x } from '../../electron/main/index';`,
    ]) {
      expect(await restrictedImports('renderer/src/x.ts', `${code}\nexport {};`), code).toHaveLength(1);
    }
    expect(await restrictedImports('renderer/src/x.ts', `import { methods } from '../../electron/shared/contract';\nexport const m = methods;`)).toHaveLength(0);
  });

  it('a feature folder never imports another feature folder (only gateways.ts, its own files and electron/shared)', async () => {
    const cards = 'electron/core/features/cards/cards-feature.ts';
    const [message] = await crossFeature(cards, `import { CatalogStore } from '../catalog/catalog-store';\nexport const a = CatalogStore;`);
    expect(message).toMatch(/features\/cards must not import from features\/catalog/);
    expect(await crossFeature('electron/core/features/cards/outputs/x.ts', `export { ObsController } from '../../obs/obs-controller';`)).toHaveLength(1);
    expect(await crossFeature(cards, `import type { ObsGateway } from '../gateways';\nexport type A = ObsGateway;`)).toHaveLength(0);
    expect(await crossFeature(cards, `import { DealStore } from './deal-store';\nexport const a = DealStore;`)).toHaveLength(0);
    expect(await crossFeature('electron/core/features/cards/outputs/x.ts', `import { PinStore } from '../card-pins';\nexport const a = PinStore;`)).toHaveLength(0);
    expect(await crossFeature(cards, `import { methods } from '../../../shared/contract';\nexport const a = methods;`)).toHaveLength(0);
  });

  it('the tree keeps every feature in its own folder', async () => {
    const results = await eslint.lintFiles(['electron/core/features/**/*.ts']);
    const cross = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'broadcart/no-cross-feature-imports').map((m) => `${r.filePath}: ${m.message}`));
    expect(cross).toEqual([]);
  });
});
