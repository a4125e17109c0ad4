/**
 * The preload: the only bridge between a window and the host. It exposes one function per contract
 * method (generated from the contract, never a generic channel), one way to listen to host events,
 * which returns an unsubscribe function, and the path of a file the user picked or dropped. Nothing else from Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { methodNames } from '../shared/contract';
import { eventChannel, methodChannel, type IpcEnvelope } from '../shared/ipc';

const methods: Record<string, (input?: unknown) => Promise<IpcEnvelope>> = {};
for (const name of methodNames) {
  methods[name] = (input?: unknown) => ipcRenderer.invoke(methodChannel(name), input);
}

const api = {
  methods: Object.freeze(methods),
  onEvent(listener: (event: { name: string; payload: unknown; at: number }) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: { name: string; payload: unknown; at: number }) => listener(event);
    ipcRenderer.on(eventChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(eventChannel, wrapped);
    };
  },
  pathForFile(file: object): string {
    return webUtils.getPathForFile(file as File);
  },
};

contextBridge.exposeInMainWorld('broadcart', Object.freeze(api));
