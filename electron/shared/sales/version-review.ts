/**
 * Script versions (A/B) on air and the units an order line counts: shared by the session's sales review
 * (features/audience) and the comparison across sessions (features/session), so both count alike.
 */

/** One event of the session log, as logged (payload after logOmit). */
export interface OnAirEvent {
  at: number;
  kind: string;
  payload: Record<string, unknown>;
}

/**
 * The units a line counts: its quantity less refunded units; a cancelled or fully refunded order counts
 * nothing (so an order created then cancelled counts once, then not at all).
 */
export function countedUnits(order: { status: string }, line: { quantity: number; refundedQuantity: number }): number {
  if (order.status === 'cancelled' || order.status === 'refunded') return 0;
  return Math.max(0, line.quantity - line.refundedQuantity);
}

/** How long each A/B script version was in the prompter during a session, and the deals started meanwhile. */
export interface VersionOnAir {
  key: string;
  scriptId: string;
  title: string;
  version: string;
  onAirMs: number;
  dealsStarted: number;
}

/** The review's key of a script version: `<scriptId>/<version>`. */
export const versionKey = (scriptId: string, version: string) => `${scriptId}/${version}`;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * From the session's log in order: a version is on air from its `prompter.loaded` to the next load (of any
 * script or version), its `prompter.unloaded`, or `end` (the session's end, now for a live one). The same
 * version logged again (an edit, a new session) goes on counting. A deal started while a version was on
 * air counts for it. Like attribution, a pure function of the log.
 */
export function versionsOnAir(events: readonly OnAirEvent[], end: number): Map<string, VersionOnAir> {
  const rows = new Map<string, VersionOnAir>();
  let current: { key: string; since: number } | null = null;
  const close = (at: number) => {
    if (current) rows.get(current.key)!.onAirMs += Math.max(0, Math.min(at, end) - current.since);
    current = null;
  };
  for (const e of events) {
    const p = e.payload;
    if (e.kind === 'prompter.loaded') {
      const scriptId = str(p.scriptId);
      const version = str(p.version);
      close(e.at);
      if (!scriptId || !version) continue;
      const key = versionKey(scriptId, version);
      const row = rows.get(key) ?? { key, scriptId, title: '', version, onAirMs: 0, dealsStarted: 0 };
      row.title = str(p.title) ?? row.title;
      rows.set(key, row);
      current = { key, since: e.at };
    } else if (e.kind === 'prompter.unloaded') {
      close(e.at);
    } else if (e.kind === 'deal.started' && current) {
      rows.get(current.key)!.dealsStarted++;
    }
  }
  close(end);
  return rows;
}
