import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron cannot run here: a stand-in records what the window factory asks of it.
const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; handlers: Map<string, (...a: unknown[]) => void>; openHandler?: (d: { url: string }) => unknown; loaded?: unknown[] }[],
  opened: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const entry = { options, handlers: new Map<string, (...a: unknown[]) => void>() } as (typeof recorded.windows)[number];
      recorded.windows.push(entry);
      this.webContents = {
        id: recorded.windows.length,
        setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (entry.openHandler = fn),
        on: (name: string, fn: (...a: unknown[]) => void) => entry.handlers.set(name, fn),
      };
      (this as unknown as { entry: typeof entry }).entry = entry;
    }
    on() {}
    once() {}
    loadURL(...args: unknown[]) {
      (this as unknown as { entry: { loaded?: unknown[] } }).entry.loaded = args;
      return Promise.resolve();
    }
  }
  return { BrowserWindow, shell: { openExternal: (url: string) => (recorded.opened.push(url), Promise.resolve()) } };
});

const { WindowFactory, hardenSession, openExternalSafely } = await import('../../../electron/main/window-factory');

describe('the window factory', () => {
  beforeEach(() => {
    recorded.windows.length = 0;
    recorded.opened.length = 0;
  });

  it('makes every window sandboxed, context-isolated, without Node, with the preload, and no middle-click windows', () => {
    const factory = new WindowFactory('/app/out/preload/index.cjs');
    factory.create('control');
    factory.create('prompter');
    expect(recorded.windows).toHaveLength(2);
    for (const w of recorded.windows) {
      expect(w.options.webPreferences).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        nodeIntegrationInWorker: false,
        disableBlinkFeatures: 'Auxclick',
        preload: '/app/out/preload/index.cjs',
      });
    }
    // Pages come from the app's own scheme (a real origin for the CSP), never from file://.
    expect(recorded.windows[0]!.loaded).toEqual(['broadcart://app/index.html']);
    expect(recorded.windows[1]!.loaded).toEqual(['broadcart://app/prompter.html']);
  });

  it('denies new windows (https links go to the browser) and navigation away from the app', () => {
    const factory = new WindowFactory('/p.cjs');
    factory.create('control');
    const w = recorded.windows[0]!;
    expect(w.openHandler!({ url: 'https://shop.example.com/' })).toEqual({ action: 'deny' });
    expect(w.openHandler!({ url: 'http://insecure.example/' })).toEqual({ action: 'deny' });
    expect(w.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(recorded.opened).toEqual(['https://shop.example.com/']);
    expect(recorded.windows).toHaveLength(1);

    // The app's own prompter page becomes a prompter window with the same settings, not a browser tab.
    expect(w.openHandler!({ url: 'broadcart://app/prompter.html?lane=follower&lang=es' })).toEqual({ action: 'deny' });
    expect(recorded.windows).toHaveLength(2);
    expect(recorded.windows[1]!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, disableBlinkFeatures: 'Auxclick' });
    expect(recorded.windows[1]!.loaded).toEqual(['broadcart://app/prompter.html?lane=follower&lang=es']);
    // A file:// prompter address is not the app's page any more: it opens nothing.
    expect(w.openHandler!({ url: 'file:///app/out/renderer/prompter.html' })).toEqual({ action: 'deny' });
    expect(recorded.windows).toHaveLength(2);
    expect(recorded.opened).toEqual(['https://shop.example.com/']);

    for (const [url, blocked] of [
      ['https://evil.example/', true],
      ['file:///etc/passwd', true],
      ['file:///app/out/renderer/prompter.html', true],
      ['broadcart://other/prompter.html', true],
      ['broadcart://app/prompter.html', false],
    ] as const) {
      const event = { preventDefault: vi.fn() };
      w.handlers.get('will-navigate')!(event, url);
      expect(event.preventDefault.mock.calls.length > 0, url).toBe(blocked);
    }
    const webview = { preventDefault: vi.fn() };
    w.handlers.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('opens only https links externally', () => {
    openExternalSafely('javascript:alert(1)');
    openExternalSafely('smb://share/x');
    openExternalSafely('not a url');
    openExternalSafely('https://ok.example/');
    expect(recorded.opened).toEqual(['https://ok.example/']);
  });

  it('denies every permission request and sets the CSP on responses', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let headers: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    hardenSession(
      {
        setPermissionRequestHandler: (fn: typeof request) => (request = fn),
        setPermissionCheckHandler: (fn: typeof check) => (check = fn),
        webRequest: { onHeadersReceived: (fn: typeof headers) => (headers = fn) },
      } as never,
      "default-src 'self'",
    );
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications']) request!(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false]);
    expect(check!()).toBe(false);
    let result: unknown;
    headers!({ responseHeaders: { A: ['b'] } }, (r) => (result = r));
    expect(result).toEqual({ responseHeaders: { A: ['b'], 'Content-Security-Policy': ["default-src 'self'"] } });
  });
});
