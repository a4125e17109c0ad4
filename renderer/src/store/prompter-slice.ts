import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

// Filled in by the prompter feature.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PrompterSlice {}

export const createPrompterSlice =
  (_client: HostClient): Slice<PrompterSlice> =>
  () => ({});

export const onPrompterEvent: EventHandler = () => {};
