import type { Connection, ConnectionState, PlatformId } from '../../../shared/contract/platform';
import type { PlatformAdapter } from './adapters/adapter';

/** A catalog product's counterpart on one connection (platform_links). */
export interface RemoteProductRef {
  remoteProductId: string;
  remoteSkuIds: readonly string[];
}

/**
 * The joint inside the platform feature between its two halves: the connections half (connections,
 * credentials, sign-in, token refresh, product links) offers this; the push half (deals to promotions,
 * announcements, the outbox) uses it and nothing else of the connections.
 */
export interface ConnectionRegistry {
  /** Every connection (enabled or not), as platform.list shows it. */
  list(): Connection[];
  get(connectionId: string): Connection | null;
  /**
   * The connection's adapter, with its current credentials, built once and kept until the connection's
   * settings or credentials change. Null when the connection is off or has no credentials.
   */
  adapter(connectionId: string): PlatformAdapter | null;
  /** The product on this connection, when linked (platform.linkProduct / matchProducts). */
  remoteProduct(connectionId: string, productId: string): RemoteProductRef | null;
  /**
   * Sets a connection's state after a call (a revoked token turns it needs-auth; a call that worked
   * after an error turns it connected). Publishes platform.changed when the state changes.
   */
  setState(connectionId: string, state: ConnectionState, code: string | null, message: string, params?: Record<string, string | number>): void;
  /** Called after a connection is added, changed (settings, credentials, state) or removed. */
  onChanged(listener: (connectionId: string) => void): () => void;
}

export type { PlatformId };
