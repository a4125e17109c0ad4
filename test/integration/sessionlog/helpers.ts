import type { HostEvent } from '../../../electron/shared/contract';
import type { TestHost } from '../../support/host';
import type { SessionLog } from '../../../electron/core/features/sessionlog/session-log-feature';

export function sessionLogOf(host: TestHost): SessionLog {
  return host.host.features.get('sessionlog') as SessionLog;
}

/** Collects the host's bus events from now on. */
export function recordEvents(host: TestHost) {
  const seen: HostEvent[] = [];
  const stop = host.host.context.bus.subscribeAll((e) => seen.push(e));
  return { seen, stop };
}

/** Polls a condition until it holds or the deadline passes (for timers such as the writer's retry). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Rows of a session as stored, for exact comparisons. */
export function rowsOf(host: TestHost, sessionId: string) {
  return host.host.context.db
    .prepare('SELECT session_id, seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? ORDER BY seq')
    .all(sessionId);
}
