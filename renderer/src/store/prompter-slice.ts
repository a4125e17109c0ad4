import type { MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { PrompterState, Script, ScriptSummary } from '../../../electron/shared/contract/prompter';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

/**
 * The prompter as the control room sees it: stored scripts and the live prompter's state. Position
 * events (every frame) stay out of the store: the prompter view reads them from the transport.
 */
export interface PrompterSlice {
  scripts: ScriptSummary[];
  prompter: PrompterState | null;
  /**
   * The script open in the Prompter page's editor and the language of the co-host link shown beside it:
   * kept across page switches here, and across reloads in the window's storage.
   */
  selectedScriptId: string | null;
  coHostLanguage: string | null;
  loadScripts(): Promise<void>;
  loadPrompter(): Promise<void>;
  /** The host's script check (it knows OBS's scenes, the catalog and the deals). */
  lintScript(input: MethodInput<'prompter.lint'>): Promise<MethodOutput<'prompter.lint'>>;
  selectScript(id: string | null): void;
  showCoHostLink(language: string | null): void;
  // Stored scripts (the Prompter page's editor).
  getScript(id: string): Promise<Script>;
  saveScript(input: MethodInput<'prompter.saveScript'>): Promise<Script>;
  deleteScript(id: string): Promise<void>;
  importScriptMarkdown(input: MethodInput<'prompter.importMarkdown'>): Promise<Script>;
  exportScriptMarkdown(scriptId: string, language: string, version?: string): Promise<MethodOutput<'prompter.exportMarkdown'>>;
  // The live prompter (its new state arrives by `prompter.state.changed` events).
  /** Loads a script; `version` names the A/B version, else the script's own pick (first, or alternating). */
  loadIntoPrompter(scriptId: string, version?: string): Promise<void>;
  playPrompter(): Promise<void>;
  pausePrompter(): Promise<void>;
  jumpPrompter(to: MethodInput<'prompter.jump'>): Promise<void>;
  setPrompterSpeed(speed: MethodInput<'prompter.setSpeed'>): Promise<void>;
  setRehearsal(rehearsal: boolean): Promise<void>;
  rearmCues(): Promise<void>;
  /** Fires a cue's action by hand; the answer says how it went. */
  fireCue(cueId: string): Promise<MethodOutput<'prompter.fireCue'>>;
  coHostLink(language: string): Promise<MethodOutput<'prompter.coHostLink'>>;
}

const selectionKey = 'broadcart.prompter.selection';

function storedSelection(): { scriptId: string | null; coHostLanguage: string | null } {
  try {
    const saved = JSON.parse(window.localStorage.getItem(selectionKey) ?? 'null') as { scriptId?: unknown; coHostLanguage?: unknown } | null;
    return {
      scriptId: typeof saved?.scriptId === 'string' ? saved.scriptId : null,
      coHostLanguage: typeof saved?.coHostLanguage === 'string' ? saved.coHostLanguage : null,
    };
  } catch {
    return { scriptId: null, coHostLanguage: null };
  }
}

function storeSelection(scriptId: string | null, coHostLanguage: string | null): void {
  try {
    window.localStorage.setItem(selectionKey, JSON.stringify({ scriptId, coHostLanguage }));
  } catch {
    // Storage may be off (a private window): the selection then lasts until the page is reloaded.
  }
}

export const createPrompterSlice =
  (client: HostClient): Slice<PrompterSlice> =>
  (set, get) => ({
    scripts: [],
    prompter: null,
    selectedScriptId: storedSelection().scriptId,
    coHostLanguage: storedSelection().coHostLanguage,
    selectScript(id) {
      // Another script: its co-host link is another one (its languages may differ).
      const coHostLanguage = id === get().selectedScriptId ? get().coHostLanguage : null;
      set({ selectedScriptId: id, coHostLanguage });
      storeSelection(id, coHostLanguage);
    },
    showCoHostLink(language) {
      set({ coHostLanguage: language });
      storeSelection(get().selectedScriptId, language);
    },
    async loadScripts() {
      set({ scripts: (await client.call('prompter.listScripts', {})).scripts });
    },
    lintScript: (input) => client.call('prompter.lint', input),
    async loadPrompter() {
      set({ prompter: await client.call('prompter.state') });
    },
    getScript: (id) => client.call('prompter.getScript', { id }),
    async saveScript(input) {
      return (await client.call('prompter.saveScript', input)).script;
    },
    async deleteScript(id) {
      await client.call('prompter.deleteScript', { id });
    },
    async importScriptMarkdown(input) {
      return (await client.call('prompter.importMarkdown', input)).script;
    },
    exportScriptMarkdown: (scriptId, language, version) => client.call('prompter.exportMarkdown', { scriptId, language, ...(version !== undefined ? { version } : {}) }),
    async loadIntoPrompter(scriptId, version) {
      await client.call('prompter.load', { scriptId, ...(version !== undefined ? { version } : {}) });
    },
    async playPrompter() {
      await client.call('prompter.play', {});
    },
    async pausePrompter() {
      await client.call('prompter.pause', {});
    },
    async jumpPrompter(to) {
      await client.call('prompter.jump', to);
    },
    async setPrompterSpeed(speed) {
      await client.call('prompter.setSpeed', speed);
    },
    async setRehearsal(rehearsal) {
      await client.call('prompter.setRehearsal', { rehearsal });
    },
    async rearmCues() {
      await client.call('prompter.rearm', {});
    },
    fireCue: (cueId) => client.call('prompter.fireCue', { cueId }),
    coHostLink: (language) => client.call('prompter.coHostLink', { language }),
  });

export const onPrompterEvent: EventHandler = (event, set, get) => {
  if (event.name === 'prompter.state.changed') set({ prompter: event.payload });
  else if (event.name === 'prompter.script.changed') void get().loadScripts().catch(() => {});
};
