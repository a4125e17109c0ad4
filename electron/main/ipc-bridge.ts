import { methodNames } from '../shared/contract';
import { methodChannel, type IpcEnvelope } from '../shared/ipc';
import { toHostError, type Dispatcher } from '../core/api/dispatcher';
import { HostError } from '../shared/contract';
import { windowClientId } from './window-events';

/** The part of Electron's IpcMainInvokeEvent the bridge reads. */
export interface InvokeEvent {
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id: number };
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<IpcEnvelope>): void;
  removeHandler(channel: string): void;
}

/**
 * Wires one IPC handler per contract method to the dispatcher. Every call checks its sender first: it
 * must come from the top frame of one of the app's own windows, at one of the app's own pages. The
 * dispatcher then parses the input with the contract's schema, exactly as for WebSocket and REST.
 */
export function bridgeIpc(
  ipcMain: IpcMainLike,
  dispatcher: Dispatcher,
  isTrustedSender: (event: InvokeEvent) => boolean,
): () => void {
  for (const name of methodNames) {
    ipcMain.handle(methodChannel(name), async (event, input): Promise<IpcEnvelope> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: new HostError('request.untrusted_frame').toBody() };
      }
      try {
        return { ok: true, result: (await dispatcher.call(name, input, { transport: 'ipc', scope: 'control', clientId: windowClientId(event.sender.id) })) ?? null };
      } catch (error) {
        return { ok: false, error: toHostError(error).toBody() };
      }
    });
  }
  return () => {
    for (const name of methodNames) ipcMain.removeHandler(methodChannel(name));
  };
}

/** A sender is trusted when it is a top frame showing a page from the app's renderer folder. */
export function trustedSenderCheck(rendererUrlPrefix: string, windowIds: () => Set<number>) {
  return (event: InvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!windowIds().has(event.sender.id)) return false;
    return frame.url.startsWith(rendererUrlPrefix);
  };
}
