import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: repo });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
});
