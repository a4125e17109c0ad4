import { z } from 'zod';

/**
 * Who may call a method. A token carries one scope:
 * - `control`: the full studio (the control room, automation clients);
 * - `follow`: a co-host's prompter device (read the script, follow the host, nothing else);
 * - `overlay`: an OBS browser source (read-only card/deal state);
 * - `ingest`: a chat bridge (Streamer.bot, TikFinity...) feeding comments in through chat.ingest, nothing else.
 * A method lists every scope allowed to call it; `control` is always implied.
 */
export const scopes = ['control', 'follow', 'overlay', 'ingest'] as const;
export type Scope = (typeof scopes)[number];

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** True when the call changes state (used for logging, docs and read-only scopes). */
  readonly mutates: boolean;
  /** Extra scopes besides `control` allowed to call the method. */
  readonly scopes?: readonly Scope[];
  readonly summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  /** Written to the session log while a session is live. */
  readonly logged: boolean;
  /**
   * Payload fields the session log leaves out (viewer privacy: a comment's author display name is shown
   * live but not kept). The event on the bus still carries them.
   */
  readonly logOmit?: readonly string[];
  /**
   * The session the event belongs to, when its payload says so (an order placed during a session that
   * has ended since is logged in that one, not in the one live when it arrives); null: in no session,
   * not logged. Without it, an event is logged in the live session.
   */
  readonly logSession?: (payload: z.infer<P>) => string | null;
  /** Extra scopes besides `control` that receive the event. */
  readonly scopes?: readonly Scope[];
  /**
   * High-rate state (a prompter position, a countdown): remote clients get only the latest value,
   * at most once per frame, instead of every one.
   */
  readonly coalesce?: boolean;
  readonly summary: string;
}

export function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

/** A method with no input accepts `{}` or nothing at all. */
export const noInput = z.object({}).strict().optional().default({});
export const ok = z.object({ ok: z.literal(true) });
