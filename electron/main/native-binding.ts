import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 compiled for Electron's ABI lives apart from node_modules (which keeps the Node build
 * that `npm test` and `npm run serve` load): `scripts/electron-native.mjs` builds it into
 * `.electron-native/`, and packaging copies it into the app's resources.
 */
export function electronNativeBinding(isPackaged: boolean, appPath: string, resourcesPath: string): string | undefined {
  const file = isPackaged
    ? path.join(resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(appPath, '.electron-native', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
