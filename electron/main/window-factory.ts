import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { appPageUrl, appUrlPrefix } from './app-protocol';

export type WindowKind = 'control' | 'prompter';

const pages: Record<WindowKind, { file: string; title: string; width: number; height: number }> = {
  control: { file: 'index.html', title: 'Broadcart Studio', width: 1400, height: 900 },
  prompter: { file: 'prompter.html', title: 'Broadcart Prompter', width: 1100, height: 800 },
};

/**
 * The one place windows are made, so every window gets the same security settings: sandboxed,
 * context-isolated, no Node, a CSP, no new windows (not even by middle-click), no navigation away from
 * the app's pages (served from the app's own scheme, see app-protocol.ts), no permission prompts, and
 * external links only over https in the user's browser.
 */
export class WindowFactory {
  private readonly windows = new Map<BrowserWindow, WindowKind>();
  /** Told of every new window with its kind (main subscribes it to host events). */
  readonly createdListeners = new Set<(win: BrowserWindow, kind: WindowKind) => void>();

  constructor(private readonly preloadFile: string) {}

  /** Prefix of the app's pages (broadcart://app/): IPC senders and navigations are checked against it. */
  get rendererUrlPrefix(): string {
    return appUrlPrefix;
  }

  ids(): Set<number> {
    return new Set([...this.windows.keys()].map((w) => w.webContents.id));
  }

  all(): BrowserWindow[] {
    return [...this.windows.keys()];
  }

  /** The open windows with the kind of page each shows. */
  entries(): [BrowserWindow, WindowKind][] {
    return [...this.windows];
  }

  create(kind: WindowKind, query: Record<string, string> = {}): BrowserWindow {
    const page = pages[kind];
    const win = new BrowserWindow({
      title: page.title,
      width: page.width,
      height: page.height,
      backgroundColor: '#0f1115',
      show: false,
      webPreferences: {
        // Electronegativity PRELOAD_JS_CHECK (medium, "review the preload"): reviewed. The preload
        // (electron/preload/index.ts) runs sandboxed and context-isolated and exposes one frozen
        // function per contract method plus an event listener, never ipcRenderer or a generic channel;
        // main checks every call's sender (ipc-bridge.ts) and the dispatcher validates its input.
        preload: this.preloadFile,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
        // Middle-click (auxclick) on a link would open it in a new window: turned off in Blink.
        disableBlinkFeatures: 'Auxclick',
        navigateOnDragDrop: false,
      },
    });
    this.windows.set(win, kind);
    win.on('closed', () => this.windows.delete(win));
    win.once('ready-to-show', () => win.show());
    this.lockDown(win.webContents);
    for (const listener of this.createdListeners) listener(win, kind);
    void win.loadURL(appPageUrl(page.file, query));
    return win;
  }

  private lockDown(contents: WebContents): void {
    contents.setWindowOpenHandler(({ url }) => {
      // The app's own prompter page opens as a prompter window made here (same security settings);
      // anything else leaves the app only over https, in the user's browser.
      const prompter = this.rendererUrlPrefix + pages.prompter.file;
      if (url.startsWith(prompter)) this.create('prompter', Object.fromEntries(new URL(url).searchParams));
      else openExternalSafely(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(this.rendererUrlPrefix)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(this.rendererUrlPrefix)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  }
}

/**
 * Links leave the app only over https, and open in the user's browser. Electronegativity's
 * OPEN_EXTERNAL_JS_CHECK (medium, tentative) flags any shell.openExternal: this one is reached only
 * from the window-open handler and accepts nothing but https: (no file:, smb:, javascript: or custom
 * schemes that could launch programs).
 */
export function openExternalSafely(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') {
      void shell.openExternal(
        // Electronegativity OPEN_EXTERNAL_JS_CHECK: https only (see above). Inside the call so the
        // built out/main keeps it (the bundler drops comments between statements).
        url,
      );
    }
  } catch {
    // Not a URL: ignore.
  }
}

/** Session-wide rules: no permission is ever granted (camera, notifications...), CSP on every response. */
export function hardenSession(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
