import type { ErrorBody } from './contract/errors';

/** IPC channel of a contract method; the prefix keeps them apart from Electron's own channels. */
export function methodChannel(method: string): string {
  return `broadcart:${method}`;
}
export const eventChannel = 'broadcart:event';

/** IPC answers carry errors as data: Electron would keep only an Error's message. */
export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: ErrorBody };

/** What the preload puts on `window.broadcart`. */
export interface PreloadApi {
  readonly methods: Readonly<Record<string, (input?: unknown) => Promise<IpcEnvelope>>>;
  onEvent(listener: (event: { name: string; payload: unknown; at: number }) => void): () => void;
  /**
   * Where a file the user picked or dropped lies on this PC (Electron's webUtils.getPathForFile), so the
   * host can read it in place instead of receiving a copy; '' for a file that is not on disk.
   */
  pathForFile(file: object): string;
}
