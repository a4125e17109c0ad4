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
const transportImports = (file: string, code: string) => restrictedImports(file, code, 'broadcart/no-transport-outside-store');

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

  it('only the renderer store imports the transport: components and pages call named store actions', async () => {
    const [message] = await transportImports('renderer/src/features/session/SessionList.tsx', `import { hostClient } from '../../transport';\nexport const c = hostClient;`);
    expect(message).toMatch(/Only renderer\/src\/store talks to the host/);
    for (const [file, code] of [
      ['renderer/src/pages/PrompterPage.tsx', `import { hostClient } from '../transport';\nexport const c = hostClient;`],
      ['renderer/src/features/settings/WebhookSettings.tsx', `import { hostClient } from '../../transport/index';\nexport const c = hostClient;`],
      ['renderer/src/features/overlay/overlay-page.ts', `import { createWsClient } from '../../transport/ws-transport';\nexport const c = createWsClient;`],
      ['renderer/src/features/prompter/use-prompter-lane.ts', `import type { HostClient } from '../../transport';\nexport type C = HostClient;`],
      ['renderer/src/i18n/index.ts', `export { setErrorTranslator } from '../transport/host-client';`],
      ['renderer/src/main.tsx', `export * from './transport';`],
      ['renderer/src/features/session/x.ts', `export const c = import('../../transport');`],
    ] as const) {
      expect(await transportImports(file, code), `${file}: ${code}`).toHaveLength(1);
    }
    // The store and the transport itself may; everyone else goes through the store.
    expect(await transportImports('renderer/src/store/index.ts', `import { hostClient } from '../transport';\nexport const c = hostClient;`)).toHaveLength(0);
    expect(await transportImports('renderer/src/store/session-review-slice.ts', `import { errorFromBody } from '../transport/host-client';\nexport const e = errorFromBody;`)).toHaveLength(0);
    expect(await transportImports('renderer/src/transport/index.ts', `import { createWsClient } from './ws-transport';\nexport const c = createWsClient;`)).toHaveLength(0);
    expect(await transportImports('renderer/src/features/session/SessionList.tsx', `import { useStudio } from '../../store';\nexport const s = useStudio;`)).toHaveLength(0);
    expect(await transportImports('renderer/src/pages/PrompterPage.tsx', `import { prompterLane } from '../store/prompter-lane';\nexport const l = prompterLane;`)).toHaveLength(0);
  });

  it('the renderer tree imports the transport only from its store', async () => {
    const results = await eslint.lintFiles(['renderer/src/**/*.{ts,tsx}']);
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'broadcart/no-transport-outside-store').map((m) => `${path.relative(repo, r.filePath)}:${m.line}`));
    expect(found).toEqual([]);
  });
});
