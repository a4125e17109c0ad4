import { create } from 'zustand';
import { hostClient, type HostClient } from '../transport';
import { createCardsSlice, onCardsEvent } from './cards-slice';
import { createCatalogSlice, onCatalogEvent } from './catalog-slice';
import { createComplianceSlice, onComplianceEvent } from './compliance-slice';
import { createChatSlice, onChatEvent } from './chat';
import { createFleetSlice, onFleetEvent } from './fleet-slice';
import { createLinkSlice } from './link-slice';
import { createObsSlice, onObsEvent } from './obs-slice';
import { createPlatformSlice, onPlatformEvent } from './platform-slice';
import { createPrompterSlice, onPrompterEvent } from './prompter-slice';
import { createSalesSlice, onSalesEvent } from './sales';
import { createSessionReviewSlice, onSessionReviewEvent } from './session-review-slice';
import { createSessionSlice, onSessionEvent } from './session-slice';
import { createSettingsSlice, onSettingsEvent } from './settings-slice';
import type { EventHandler, StudioState } from './types';

// The session slice folds `session.changed` in before the review slice looks for an interrupted session.
const eventHandlers: EventHandler[] = [onSettingsEvent, onCatalogEvent, onSessionEvent, onSessionReviewEvent, onObsEvent, onPrompterEvent, onCardsEvent, onPlatformEvent, onComplianceEvent, onSalesEvent, onChatEvent, onFleetEvent];

/**
 * What the window loads each time the link to the host comes up: at start, and after a reconnect, when
 * events may have been missed meanwhile. The one list: pages and components do not reload on their own.
 * Failures stay quiet (the link badge says when the host is gone; the next event or reconnect loads again).
 */
const reloadWhenOnline: ((state: StudioState) => Promise<void>)[] = [
  (s) => s.loadSettings(),
  (s) => s.loadProducts(),
  (s) => s.loadObs(),
  (s) => s.loadCurrentSession(),
  (s) => s.loadInterrupted(),
  (s) => s.loadPlatforms(),
  (s) => s.loadSales(),
  (s) => s.loadChat(),
  (s) => s.loadChatPinned(),
  (s) => s.loadFleet(),
  (s) => s.loadDisclosure(),
];

/**
 * One store per window, from feature slices. State flows one way: the host publishes events, the
 * slices fold them in, components render. Components call the host through the slices' actions.
 */
export function createStudioStore(client: HostClient) {
  const store = create<StudioState>()((...a) => ({
    ...createLinkSlice(...a),
    ...createSettingsSlice(client)(...a),
    ...createCatalogSlice(client)(...a),
    ...createSessionSlice(client)(...a),
    ...createSessionReviewSlice(client)(...a),
    ...createObsSlice(client)(...a),
    ...createPrompterSlice(client)(...a),
    ...createCardsSlice(client)(...a),
    ...createPlatformSlice(client)(...a),
    ...createComplianceSlice(client)(...a),
    ...createSalesSlice(client)(...a),
    ...createChatSlice(client)(...a),
    ...createFleetSlice(client)(...a),
  }));
  client.onEvent((event) => {
    for (const handle of eventHandlers) handle(event, store.setState, store.getState);
  });
  client.onLinkState((state, detail) => {
    store.getState().setLink(state, detail);
    if (state === 'online') for (const reload of reloadWhenOnline) void reload(store.getState()).catch(() => {});
  });
  return store;
}

/** The window's store, created on first import with the window's host client. */
export const useStudio = createStudioStore(hostClient());

export type { StudioState } from './types';
