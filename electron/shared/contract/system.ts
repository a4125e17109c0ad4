import { z } from 'zod';
import { event, method, noInput } from './define';

export const systemMethods = {
  'system.info': method({
    summary: 'App version, data folder, every contract method and the UI languages.',
    input: noInput,
    output: z.object({
      name: z.string(),
      version: z.string(),
      dataDir: z.string(),
      runtime: z.enum(['node', 'electron']),
      methods: z.array(z.string()),
      languages: z.array(z.string()),
      scope: z.enum(['control', 'follow', 'overlay']),
    }),
    mutates: false,
    scopes: ['follow', 'overlay'],
  }),
};

export const systemEvents = {
  /** An error the host could not attach to a call: shown to the user and logged. */
  error: event({
    summary: 'A problem the user should see (disk full, platform down...).',
    payload: z.object({ source: z.string(), code: z.string(), message: z.string() }),
    logged: true,
  }),
  'host.stopping': event({
    summary: 'The host is shutting down; clients should show it as offline.',
    payload: z.object({}),
    logged: false,
    scopes: ['follow', 'overlay'],
  }),
};
