import { z } from 'zod';
import { event, method, noInput, scopes } from './define';

export const systemMethods = {
  'system.info': method({
    summary: 'App version, the contract methods the token may call and the UI languages (and the data folder, for the control token).',
    input: noInput,
    output: z.object({
      name: z.string(),
      version: z.string(),
      /** Only for the control token: a co-host's device or an OBS overlay has no business with the host's file system. */
      dataDir: z.string().optional(),
      runtime: z.enum(['node', 'electron']),
      /** The methods this token may call (every method for the control token). */
      methods: z.array(z.string()),
      languages: z.array(z.string()),
      scope: z.enum(scopes),
    }),
    mutates: false,
    scopes: ['follow', 'overlay', 'ingest'],
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
