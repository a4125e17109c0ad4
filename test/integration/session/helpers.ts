import type { SessionFeature } from '../../../electron/core/features/session/session-feature';
import type { TestHost } from '../../support/host';

export { recordEvents, waitFor } from '../../support/events';

export function sessionFeatureOf(host: TestHost): SessionFeature {
  return host.host.features.session;
}

/** Rows of a session as stored, for exact comparisons. */
export function rowsOf(host: TestHost, sessionId: string) {
  return host.host.context.db
    .prepare('SELECT session_id, seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? ORDER BY seq')
    .all(sessionId);
}
