import type { EventPayload, MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { ChatMessage, PinnedComment } from '../../../electron/shared/contract/audience';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

/** The dock keeps the latest this many comments (older ones stay in the host and the session log). */
export const chatKeep = 5000;
/** The list may grow this far past its limit before the oldest are dropped, all at once (see trimmed). */
export const chatTrimStep = 500;
/** While the user reads back (scrolled up), nothing is dropped under them, up to this many. */
export const chatKeepWhileHeld = 20_000;
/**
 * New comments are folded in at most this often (ms; every other frame at 60 Hz). A list scrolling by at
 * hundreds of comments a second reads no better at 60 updates a second, and each update costs the dock a
 * render and a layout: at one per frame it dropped frames under a burst (bench:audience).
 */
const chatFoldMs = 30;

export interface ChatFilter {
  platform: string | null;
  language: string | null;
  questionsOnly: boolean;
  showHidden: boolean;
}

type ChatUpdate = EventPayload<'chat.updated'>;
type Forgotten = EventPayload<'chat.forgotten'>;

export interface ChatSlice {
  /** Recent comments, oldest first, at most `chatKeep` + `chatTrimStep` (more while held); replaced once per fold at most. */
  chatMessages: readonly ChatMessage[];
  /** The comment shown on stream now. */
  chatPinned: PinnedComment | null;
  chatFilter: ChatFilter;
  /** The comment the dock's keys act on (J/K move it through the question queue). */
  chatSelectedId: string | null;
  /** True while the user reads back in the dock: comments still arrive, none is dropped under them. */
  chatHeld: boolean;
  loadChat(): Promise<void>;
  loadChatPinned(): Promise<void>;
  setChatFilter(patch: Partial<ChatFilter>): void;
  selectChatMessage(id: string | null): void;
  setChatHeld(held: boolean): void;
  chatAnswer(id: string, answered: boolean): Promise<void>;
  chatStar(id: string, starred: boolean): Promise<void>;
  chatHide(id: string, hidden: boolean): Promise<void>;
  chatPin(id: string): Promise<void>;
  chatUnpin(): Promise<void>;
  chatModeration(): Promise<MethodOutput<'chat.moderation'>>;
  chatSetModeration(input: MethodInput<'chat.setModeration'>): Promise<MethodOutput<'chat.setModeration'>>;
  chatPrivacy(): Promise<MethodOutput<'chat.privacy'>>;
  chatSetPrivacy(retentionDays: number): Promise<MethodOutput<'chat.setPrivacy'>>;
  chatForget(input: MethodInput<'chat.forget'>): Promise<MethodOutput<'chat.forget'>>;
  chatIngestLink(rotate?: boolean): Promise<MethodOutput<'chat.ingestLink'>>;
  /** Folds a chat event in at the next frame (called by the event handler; many per frame become one render). */
  chatReceive(event: ChatEventIn): void;
}

export type ChatEventIn =
  | { kind: 'message'; message: ChatMessage; at: number }
  | { kind: 'updated'; update: ChatUpdate }
  | { kind: 'forgotten'; forgotten: Forgotten };

declare global {
  interface Window {
    /** Host publish time of each comment by id, until the dock draws it (read by the dock's latency probe). */
    __chatArrivals?: Map<string, number>;
    /** Comments this window has taken in since it opened (read by the e2e burst test and the benchmark). */
    __chatReceived?: number;
  }
}

const patchOf = (u: ChatUpdate) => ({ question: u.question, starred: u.starred, answered: u.answered, hidden: u.hidden, hiddenBy: u.hiddenBy });

/** The list with one comment replaced (searched from the newest end: updates are about recent comments). */
function replaced(list: readonly ChatMessage[], id: string, patch: Partial<ChatMessage>): readonly ChatMessage[] {
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i]!.id === id) {
      const next = list.slice();
      next[i] = { ...list[i]!, ...patch };
      return next;
    }
  }
  return list;
}

export const createChatSlice =
  (client: HostClient): Slice<ChatSlice> =>
  (set, get) => {
    // Events wait here until the next frame, so hundreds of comments a second cost one render per frame.
    let pending: ChatEventIn[] = [];
    let frame: number | null = null;
    let fallback: ReturnType<typeof setTimeout> | null = null;
    let foldedAt = -Infinity;
    const known = new Set<string>();

    const keepLimit = () => (get().chatHeld ? chatKeepWhileHeld : chatKeep);
    // Trimmed in steps, not at every fold: dropping the oldest moves every row the dock shows up by their
    // height (new positions, a layout and a repaint of the whole list), whereas comments only added at the
    // end leave the rows on screen where they are and scroll the list (bench:audience).
    const trimmed = (list: ChatMessage[]): ChatMessage[] => {
      const limit = keepLimit();
      if (list.length <= limit + chatTrimStep) return list;
      const dropped = list.splice(0, list.length - limit);
      for (const m of dropped) known.delete(m.id);
      return list;
    };

    const flush = () => {
      if (frame !== null) cancelAnimationFrame(frame);
      if (fallback !== null) clearTimeout(fallback);
      frame = null;
      fallback = null;
      const due = pending;
      pending = [];
      if (due.length === 0) return;
      let list: ChatMessage[] | null = null;
      const current = get().chatMessages;
      const arrivals = (window.__chatArrivals ??= new Map());
      for (const item of due) {
        if (item.kind === 'message') {
          if (known.has(item.message.id)) continue;
          known.add(item.message.id);
          window.__chatReceived = (window.__chatReceived ?? 0) + 1;
          list ??= current.slice();
          list.push(item.message);
          arrivals.set(item.message.id, item.at);
        } else if (item.kind === 'updated') {
          const base: readonly ChatMessage[] = list ?? current;
          const next = replaced(base, item.update.id, patchOf(item.update));
          if (next !== base) list = next as ChatMessage[];
        } else {
          const base: readonly ChatMessage[] = list ?? current;
          const { authorKey } = item.forgotten;
          list = base.filter((m) => m.authorKey !== authorKey);
          for (const m of base) if (m.authorKey === authorKey) known.delete(m.id);
        }
      }
      if (arrivals.size > chatKeepWhileHeld) arrivals.clear();
      if (list) set({ chatMessages: trimmed(list) });
    };

    // At the first frame at least chatFoldMs after the last fold (a frame's time is when it started).
    const onFrame = (time: number) => {
      frame = null;
      if (time - foldedAt < chatFoldMs) {
        frame = requestAnimationFrame(onFrame);
        return;
      }
      foldedAt = time;
      flush();
    };
    const schedule = () => {
      if (frame !== null || fallback !== null) return;
      frame = requestAnimationFrame(onFrame);
      // A hidden window gets no frames: fold in anyway, four times a second.
      fallback = setTimeout(flush, 250);
    };

    const applyOwn = (message: ChatMessage) => set({ chatMessages: replaced(get().chatMessages, message.id, message) });

    return {
      chatMessages: [],
      chatPinned: null,
      chatFilter: { platform: null, language: null, questionsOnly: false, showHidden: false },
      chatSelectedId: null,
      chatHeld: false,
      async loadChat() {
        const { messages } = await client.call('chat.list', { limit: chatKeep, includeHidden: true });
        // Comments that arrived while the list was on its way are folded in after it.
        flush();
        const listed = new Set(messages.map((m) => m.id));
        const newer = get().chatMessages.filter((m) => !listed.has(m.id) && m.at >= (messages.at(-1)?.at ?? 0));
        known.clear();
        const list = [...messages, ...newer];
        for (const m of list) known.add(m.id);
        set({ chatMessages: trimmed(list) });
      },
      async loadChatPinned() {
        set({ chatPinned: (await client.call('chat.pinned')).comment });
      },
      setChatFilter: (patch) => set({ chatFilter: { ...get().chatFilter, ...patch } }),
      selectChatMessage: (id) => set({ chatSelectedId: id }),
      setChatHeld(held) {
        if (get().chatHeld === held) return;
        set({ chatHeld: held });
        if (!held) set({ chatMessages: trimmed(get().chatMessages.slice()) });
      },
      async chatAnswer(id, answered) {
        applyOwn(await client.call('chat.answer', { id, answered }));
      },
      async chatStar(id, starred) {
        applyOwn(await client.call('chat.star', { id, starred }));
      },
      async chatHide(id, hidden) {
        applyOwn(await client.call('chat.hide', { id, hidden }));
      },
      async chatPin(id) {
        set({ chatPinned: await client.call('chat.pin', { id }) });
      },
      async chatUnpin() {
        await client.call('chat.unpin');
        set({ chatPinned: null });
      },
      chatModeration: () => client.call('chat.moderation'),
      chatSetModeration: (input) => client.call('chat.setModeration', input),
      chatPrivacy: () => client.call('chat.privacy'),
      chatSetPrivacy: (retentionDays) => client.call('chat.setPrivacy', { retentionDays }),
      async chatForget(input) {
        const result = await client.call('chat.forget', input);
        // The host's `chat.forgotten` event removes them too; by key they go at once from this window.
        if (input.authorKey) get().chatReceive({ kind: 'forgotten', forgotten: { platform: input.platform, authorKey: input.authorKey, ...result } });
        return result;
      },
      chatIngestLink: (rotate) => client.call('chat.ingestLink', rotate ? { rotate: true } : {}),
      chatReceive(item) {
        pending.push(item);
        // A window that draws nothing for long (minimized) still keeps a bounded queue.
        if (pending.length > chatKeepWhileHeld) flush();
        else schedule();
      },
    };
  };

export const onChatEvent: EventHandler = (event, set, get) => {
  if (event.name === 'chat.message') get().chatReceive({ kind: 'message', message: event.payload, at: event.at });
  else if (event.name === 'chat.updated') get().chatReceive({ kind: 'updated', update: event.payload });
  else if (event.name === 'chat.forgotten') get().chatReceive({ kind: 'forgotten', forgotten: event.payload });
  else if (event.name === 'chat.pinned') set({ chatPinned: event.payload.comment });
};
