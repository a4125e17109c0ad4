import type { LinkState } from '../transport';
import type { Slice } from './types';

export interface LinkSlice {
  link: { state: LinkState; detail?: string };
  setLink(state: LinkState, detail?: string): void;
  /** Last error from a call the user made, shown in a toast. */
  lastError: string | null;
  showError(message: string | null): void;
}

export const createLinkSlice: Slice<LinkSlice> = (set) => ({
  link: { state: 'connecting' },
  setLink: (state, detail) => set({ link: { state, detail } }),
  lastError: null,
  showError: (message) => set({ lastError: message }),
});
