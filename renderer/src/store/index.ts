import { create } from 'zustand';
import { hostClient, type HostClient } from '../transport';
import { createCardsSlice, onCardsEvent } from './cards-slice';
import { createCatalogSlice, onCatalogEvent } from './catalog-slice';
import { createLinkSlice } from './link-slice';
import { createObsSlice, onObsEvent } from './obs-slice';
import { createPrompterSlice, onPrompterEvent } from './prompter-slice';
import { createSessionSlice, onSessionEvent } from './session-slice';
import { createSettingsSlice, onSettingsEvent } from './settings-slice';
import type { EventHandler, StudioState } from './types';

const eventHandlers: EventHandler[] = [onSettingsEvent, onCatalogEvent, onSessionEvent, onObsEvent, onPrompterEvent, onCardsEvent];

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
    ...createObsSlice(client)(...a),
    ...createPrompterSlice(client)(...a),
    ...createCardsSlice(client)(...a),
  }));
  client.onEvent((event) => {
    for (const handle of eventHandlers) handle(event, store.setState, store.getState);
  });
  client.onLinkState((state, detail) => {
    store.getState().setLink(state, detail);
    // After a reconnect, reload what events may have been missed.
    if (state === 'online') {
      void store.getState().loadSettings().catch(() => {});
      void store.getState().loadProducts().catch(() => {});
    }
  });
  return store;
}

/** The window's store, created on first import with the window's host client. */
export const useStudio = createStudioStore(hostClient());

export type { StudioState } from './types';
