import type { MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { AuthorizeStep, Connection, ProductLink } from '../../../electron/shared/contract/platform';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

export type MatchResult = MethodOutput<'platform.matchProducts'>;

export interface PlatformSlice {
  /** Platform connections (null until the host has answered); never their credentials. */
  connections: Connection[] | null;
  /** Catalog products linked to their counterparts on each connection. */
  platformLinks: ProductLink[];
  /** The last "match by SKU" of each connection in this window: what matched, what did not and why. */
  platformMatches: Record<string, MatchResult>;
  /** The next sign-in step a connection waits on (a browser page, a device code), until it is connected. */
  signInSteps: Record<string, AuthorizeStep>;
  loadPlatforms(): Promise<void>;
  savePlatform(input: MethodInput<'platform.save'>): Promise<Connection>;
  removePlatform(connectionId: string): Promise<void>;
  checkPlatform(connectionId: string): Promise<Connection>;
  authorizePlatform(connectionId: string, authCode?: string): Promise<AuthorizeStep>;
  matchPlatformProducts(connectionId: string): Promise<MatchResult>;
  unlinkPlatformProduct(connectionId: string, productId: string): Promise<void>;
}

/** Connection labels by id: what the deal panel and the pin reminders call each connection. */
const labelsOf = (connections: readonly Connection[]) => Object.fromEntries(connections.map((c) => [c.id, c.label]));

export const createPlatformSlice =
  (client: HostClient): Slice<PlatformSlice> =>
  (set, get) => {
    const putConnection = (connection: Connection) => {
      const list = get().connections ?? [];
      const connections = list.some((c) => c.id === connection.id) ? list.map((c) => (c.id === connection.id ? connection : c)) : [...list, connection];
      const signInSteps = { ...get().signInSteps };
      if (connection.state === 'connected' || connection.state === 'off') delete signInSteps[connection.id];
      set({ connections, platformLabels: labelsOf(connections), signInSteps });
    };
    return {
      connections: null,
      platformLinks: [],
      platformMatches: {},
      signInSteps: {},
      async loadPlatforms() {
        const [{ connections }, { links }] = await Promise.all([client.call('platform.list'), client.call('platform.links', {})]);
        set({ connections, platformLinks: links, platformLabels: labelsOf(connections) });
      },
      async savePlatform(input) {
        const connection = await client.call('platform.save', input);
        putConnection(connection);
        return connection;
      },
      async removePlatform(connectionId) {
        await client.call('platform.remove', { connectionId });
        const connections = (get().connections ?? []).filter((c) => c.id !== connectionId);
        set({ connections, platformLabels: labelsOf(connections), platformLinks: get().platformLinks.filter((l) => l.connectionId !== connectionId) });
      },
      async checkPlatform(connectionId) {
        const connection = await client.call('platform.check', { connectionId });
        putConnection(connection);
        return connection;
      },
      async authorizePlatform(connectionId, authCode) {
        const { connection, next } = await client.call('platform.authorize', { connectionId, ...(authCode ? { authCode } : {}) });
        putConnection(connection);
        const signInSteps = { ...get().signInSteps };
        if (next.kind === 'done') delete signInSteps[connectionId];
        else signInSteps[connectionId] = next;
        set({ signInSteps });
        return next;
      },
      async matchPlatformProducts(connectionId) {
        const result = await client.call('platform.matchProducts', { connectionId });
        const { links } = await client.call('platform.links', {});
        set({ platformMatches: { ...get().platformMatches, [connectionId]: result }, platformLinks: links });
        return result;
      },
      async unlinkPlatformProduct(connectionId, productId) {
        await client.call('platform.unlinkProduct', { connectionId, productId });
        set({ platformLinks: get().platformLinks.filter((l) => !(l.connectionId === connectionId && l.productId === productId)) });
      },
    };
  };

export const onPlatformEvent: EventHandler = (event, set, get) => {
  if (event.name !== 'platform.changed') return;
  const { connectionId, removed, connection } = event.payload;
  const list = get().connections;
  if (list === null) return;
  if (removed) {
    const connections = list.filter((c) => c.id !== connectionId);
    set({ connections, platformLabels: labelsOf(connections) });
  } else if (connection) {
    const connections = list.some((c) => c.id === connectionId) ? list.map((c) => (c.id === connectionId ? connection : c)) : [...list, connection];
    const signInSteps = { ...get().signInSteps };
    if (connection.state === 'connected' || connection.state === 'off') delete signInSteps[connectionId];
    set({ connections, platformLabels: labelsOf(connections), signInSteps });
  }
};
