import type { PrompterState, ScriptSummary } from '../../../electron/shared/contract/prompter';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

/**
 * The prompter as the control room sees it: stored scripts and the live prompter's state. Position
 * events (every frame) stay out of the store: the prompter view reads them from the transport.
 */
export interface PrompterSlice {
  scripts: ScriptSummary[];
  prompter: PrompterState | null;
  loadScripts(): Promise<void>;
  loadPrompter(): Promise<void>;
}

export const createPrompterSlice =
  (client: HostClient): Slice<PrompterSlice> =>
  (set) => ({
    scripts: [],
    prompter: null,
    async loadScripts() {
      set({ scripts: (await client.call('prompter.listScripts', {})).scripts });
    },
    async loadPrompter() {
      set({ prompter: await client.call('prompter.state') });
    },
  });

export const onPrompterEvent: EventHandler = (event, set, get) => {
  if (event.name === 'prompter.state.changed') set({ prompter: event.payload as PrompterState });
  else if (event.name === 'prompter.script.changed') void get().loadScripts().catch(() => {});
};
