import { z } from 'zod';
import { rule } from './validation-texts';
import { event, method, noInput } from './define';

/**
 * The fleet: this studio PC's copy of its session logs in a central PostgreSQL (see
 * electron/core/features/fleet). The PC keeps logging offline; the sync catches up when it can.
 * The password lives in the host's secret store and is never returned: `hasPassword` says whether one is set.
 */

export const fleetState = z.enum([
  /** Not configured, or turned off. */
  'off',
  'connecting',
  /** Copying: `sessionsBehind` sessions have rows the server lacks. */
  'syncing',
  'upToDate',
  /** The server cannot be reached since `offlineSince`; retrying with backoff. */
  'offline',
  /** The server answers but refuses (`problem` says why: wrong password, TLS, schema too new...); retrying. */
  'error',
]);
export type FleetState = z.infer<typeof fleetState>;

const problem = z.object({
  /** A key of the error registry (fleet.wrong_password, fleet.tls_failed, fleet.schema_too_new...). */
  key: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

/**
 * Which store the Sessions page reviews on this host: this PC's log, or (a manager's login) the fleet's
 * central PostgreSQL, switched in Settings or fixed for the run by `serve --central`.
 */
export const fleetReviewSchema = z.object({
  enabled: z.boolean(),
  /** Set by `serve --central`: Settings cannot switch it for this run. */
  fixed: z.boolean(),
  /** The manager's connection URL without a password, or null when none is set. */
  url: z.string().nullable(),
  caFile: z.string().nullable(),
  hasPassword: z.boolean(),
});
export type FleetReview = z.infer<typeof fleetReviewSchema>;

export const fleetStatusSchema = z.object({
  /** This data folder's stable studio id (a UUID), the key of its rows in the central store. */
  studioId: z.string(),
  /** The studio's name (Settings > Studio), sent with its rows. */
  studioName: z.string(),
  enabled: z.boolean(),
  /** The connection URL without a password, or null when none is set. */
  url: z.string().nullable(),
  caFile: z.string().nullable(),
  hasPassword: z.boolean(),
  state: fleetState,
  problem: problem.nullable(),
  /** When the server became unreachable (ms), while `state` is offline or error. */
  offlineSince: z.number().nullable(),
  /** When the last batch was committed on the server (ms). */
  lastSyncAt: z.number().nullable(),
  sessionsTotal: z.number().int(),
  sessionsBehind: z.number().int(),
  /** Events logged here and not yet central. */
  eventsBehind: z.number().int(),
  review: fleetReviewSchema,
});
export type FleetStatus = z.infer<typeof fleetStatusSchema>;

const postgresUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^postgres(ql)?:\/\/[^\s]+$/, rule('fleet_url'));

export const fleetMethods = {
  'fleet.configure': method({
    summary:
      'Sets the central PostgreSQL store: URL (sslmode in it), password (kept in the secret store; "" removes it), CA file (a path, or caPem: the certificate itself, kept in the data folder), on/off. Fields left out stay as they are.',
    input: z
      .object({
        url: postgresUrl,
        password: z.string().max(1000).optional(),
        caFile: z.string().trim().max(4096).nullable().optional(),
        /** A CA certificate's PEM text, picked in Settings: kept in the data folder and used as the CA file. */
        caPem: z.string().max(1_000_000).optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
    output: fleetStatusSchema,
    mutates: true,
  }),
  'fleet.configureReview': method({
    summary:
      'Switches the Sessions page between this PC\'s log and the central store read with a manager\'s login: URL, password (secret store; "" removes it), CA file (a path, or caPem: the certificate itself), on/off. Switching on proves the login first; a refused one changes nothing.',
    input: z
      .object({
        url: postgresUrl,
        password: z.string().max(1000).optional(),
        caFile: z.string().trim().max(4096).nullable().optional(),
        /** A CA certificate's PEM text, picked in Settings: kept in the data folder and used as the CA file. */
        caPem: z.string().max(1_000_000).optional(),
        enabled: z.boolean(),
      })
      .strict(),
    output: fleetStatusSchema,
    mutates: true,
  }),
  'fleet.status': method({
    summary: 'The sync to the central store: state, what is behind, the last problem.',
    input: noInput,
    output: fleetStatusSchema,
    mutates: false,
  }),
};

export const fleetEvents = {
  'fleet.changed': event({
    summary: 'The fleet sync status changed (state, progress, problem).',
    payload: fleetStatusSchema,
    logged: false,
  }),
};
