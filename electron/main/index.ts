/**
 * The Electron shell: one instance, the same host core as `npm run serve` (data in userData), a
 * control-room window and a prompter window, IPC generated from the contract, and global shortcuts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, globalShortcut, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import type { SecretCipher } from '../core/context';
import { startHost, type Host } from '../core/host';
import { appVersion } from '../core/version';
import { pageSecurityHeaders } from '../core/server/request-guards';
import { bridgeIpc, trustedSenderCheck } from './ipc-bridge';
import { electronNativeBinding } from './native-binding';
import { buildMenu } from './menu';
import { appProtocolResponse, appScheme, appSchemePrivileges } from './app-protocol';
import { sendHostEventsToWindows } from './window-events';
import { hardenSession, WindowFactory } from './window-factory';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadFile = path.join(here, '../preload/index.cjs');

// The pages' own scheme must be privileged before the app is ready (Electron refuses it later).
protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: appSchemePrivileges }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let host: Host | null = null;
  const windows = new WindowFactory(preloadFile);

  const focusControlRoom = () => {
    const win = windows.all()[0] ?? windows.create('control');
    if (win.isMinimized()) win.restore();
    win.focus();
  };
  app.on('second-instance', focusControlRoom);

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession, pageSecurityHeaders['Content-Security-Policy']!);
    protocol.handle(appScheme, (request) => appProtocolResponse(rendererDir, request));
    try {
      host = await startHost({
        dataDir: path.join(app.getPath('userData'), 'data'),
        port: 0,
        lan: false,
        staticDir: rendererDir,
        runtime: 'electron',
        version: appVersion,
        nativeBinding: electronNativeBinding(app.isPackaged, app.getAppPath(), process.resourcesPath),
        secretCipher: await osSecretCipher(),
      });
    } catch (error) {
      const { dialog } = await import('electron');
      dialog.showErrorBox('Broadcart Studio cannot start', (error as Error).message);
      app.exit(1);
      return;
    }
    const started = host;
    bridgeIpc(ipcMain, started.context.dispatcher, trustedSenderCheck(windows.rendererUrlPrefix, () => windows.ids()));
    sendHostEventsToWindows(started.events, windows);
    Menu.setApplicationMenu(buildMenu({ openPrompter: () => windows.create('prompter'), serverUrl: () => started.url() }));
    registerSceneShortcuts(started);
    windows.create('control');
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) windows.create('control');
    });
  }, (error: unknown) => {
    console.error(error);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('will-quit', (event) => {
    globalShortcut.unregisterAll();
    if (!host || quitting) return;
    event.preventDefault();
    quitting = true;
    void host.stop().finally(() => app.exit(0));
  });
}

/**
 * Ctrl/Cmd+Alt+1..9 switch to the first nine OBS scenes even while OBS or another app has focus (to
 * preview in studio mode). They go through the dispatcher like any other call.
 */
function registerSceneShortcuts(host: Host): void {
  // The typed client, not the by-name call the transports use: names, inputs and the answer are
  // checked at compile time. Shortcuts act with the control window's rights (ipc, control).
  const call = host.context.dispatcher.client({ transport: 'ipc', scope: 'control' });
  for (let i = 1; i <= 9; i++) {
    globalShortcut.register(`CommandOrControl+Alt+${i}`, () => {
      call('obs.listScenes', {})
        .then((list) => {
          const scene = list.scenes[i - 1];
          if (!scene) return;
          const method = list.studioMode ? 'obs.setPreviewScene' : 'obs.setProgramScene';
          return call(method, { sceneName: scene.name });
        })
        .catch((error: unknown) => host.context.reportError('shortcut', 'obs', (error as Error).message));
    });
  }
}

/**
 * The OS keychain through safeStorage's async API (the sync calls are deprecated and gone in Electron
 * 46), or nothing (the host then uses its key-file fallback).
 */
async function osSecretCipher(): Promise<SecretCipher | undefined> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return undefined;
  // On Linux without a keyring safeStorage falls back to a hard-coded key ('basic_text'): not
  // OS-backed. The password store then uses its key file, and the OBS panel tells the user why.
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  return {
    encrypt: (text) => safeStorage.encryptStringAsync(text),
    decrypt: (data) => safeStorage.decryptStringAsync(data),
    osBacked: backend !== 'basic_text' && backend !== 'unknown',
    ...(backend === 'basic_text' ? { fallback: 'linux-basic-text' as const } : {}),
  };
}
