import type { StateCreator } from 'zustand';
import type { AnyHostEvent } from '../transport';
import type { CardsSlice } from './cards-slice';
import type { CatalogSlice } from './catalog-slice';
import type { ComplianceSlice } from './compliance-slice';
import type { FleetSlice } from './fleet-slice';
import type { ChatSlice } from './chat';
import type { LinkSlice } from './link-slice';
import type { ObsSlice } from './obs-slice';
import type { PlatformSlice } from './platform-slice';
import type { PrompterSlice } from './prompter-slice';
import type { SalesSlice } from './sales';
import type { SessionReviewSlice } from './session-review-slice';
import type { SessionSlice } from './session-slice';
import type { SettingsSlice } from './settings-slice';

/** The window's one store: the host's state as this window sees it, built from feature slices. */
export type StudioState = LinkSlice & SettingsSlice & CatalogSlice & SessionSlice & SessionReviewSlice & ObsSlice & PrompterSlice & CardsSlice & PlatformSlice & ComplianceSlice & SalesSlice & ChatSlice & FleetSlice;

export type Slice<T> = StateCreator<StudioState, [], [], T>;

/** Each slice may react to host events; the store feeds every event to every slice's handler. */
export type EventHandler = (
  event: AnyHostEvent,
  set: (partial: Partial<StudioState>) => void,
  get: () => StudioState,
) => void;

