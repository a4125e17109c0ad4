import type { ChatSourceState, IncomingChat } from '../../../electron/shared/contract/audience';
import type { ChatReadOptions } from '../../../electron/core/features/platform/adapters/adapter';

/**
 * What an adapter's readChat hands out, recorded for a test: every batch with its cursor and every state,
 * with `until()` to await a condition (re-checked on each delivery and state change, never on a timer).
 */
export interface ChatRecorder {
  options: ChatReadOptions;
  controller: AbortController;
  batches: { messages: IncomingChat[]; cursor: string | null }[];
  states: { state: ChatSourceState; message?: string; code?: string; retryAt?: number }[];
  /** Every message delivered, in order. */
  messages(): IncomingChat[];
  lastCursor(): string | null;
  until(ready: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Makes the next delivery wait until the returned function is called. */
  holdNextDelivery(): () => void;
}

export function chatRecorder(cursor: string | null = null): ChatRecorder {
  const controller = new AbortController();
  const batches: ChatRecorder['batches'] = [];
  const states: ChatRecorder['states'] = [];
  let waiters: (() => void)[] = [];
  let hold: Promise<void> | null = null;
  const changed = () => {
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  const recorder: ChatRecorder = {
    controller,
    batches,
    states,
    options: {
      cursor,
      signal: controller.signal,
      deliver: async (messages, next) => {
        if (hold) {
          const h = hold;
          hold = null;
          await h;
        }
        batches.push({ messages, cursor: next });
        changed();
      },
      onState: (state, details) => {
        states.push({ state, ...details });
        changed();
      },
    },
    messages: () => batches.flatMap((b) => b.messages),
    lastCursor: () => {
      for (let i = batches.length - 1; i >= 0; i -= 1) if (batches[i]!.cursor !== null) return batches[i]!.cursor;
      return null;
    },
    async until(ready, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!ready()) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${what}; states: ${JSON.stringify(states.slice(-5))}; ${recorder.messages().length} messages`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    holdNextDelivery() {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      return () => release();
    },
  };
  return recorder;
}
