import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../../electron/shared/contract/audience';
import { baseLanguage } from '../../../../electron/shared/languages';
import { isLaneQuestion } from '../../../../electron/shared/lane-questions';
import { errorText } from '../../store/error-text';
import type { LaneChatUpdate, PrompterLane } from '../../store/prompter-lane';

/** How many open questions the panel keeps (newest first); older ones stay in the control room's dock. */
export const laneQuestionLimit = 200;
/**
 * How many the lane remembers (newest), so one answered elsewhere is replaced by an older one. Without a
 * bound a show's every question stayed, each redraw sorting them all: a lane grew slower by the hour.
 */
const laneQuestionMemory = 5 * laneQuestionLimit;

/**
 * The panel is redrawn at most this often (ms). A list that moves faster cannot be read, and redrawing it
 * every frame under a chat burst took most of a lane device's time (bench:audience).
 */
const laneRedrawMs = 200;


const isOpen = (u: LaneChatUpdate) => u.question && !u.answered && !u.hidden;
const newestFirst = (a: ChatMessage, b: ChatMessage) => b.at - a.at || (b.id < a.id ? -1 : 1);

export interface LaneQuestions {
  questions: ChatMessage[];
  /** Ids being marked answered (their button waits). */
  answering: ReadonlySet<string>;
  error: string | null;
  answer(id: string): void;
}

/**
 * The open questions in this lane's language: listed from the host, then kept by chat.message and
 * chat.updated. The host sends this lane only the comments that are such questions (followQuestions), not
 * the whole chat. A burst of comments changes the list at most five times a second; after the link comes
 * back the list is read again (events may have been missed) and the chat narrowed again.
 */
export function useLaneQuestions(lane: PrompterLane, language: string): LaneQuestions {
  const [questions, setQuestions] = useState<ChatMessage[]>([]);
  const [answering, setAnswering] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const byId = useRef(new Map<string, ChatMessage>());

  useEffect(() => {
    byId.current = new Map();
    let cancelled = false;
    let frame = 0;
    let reading = 0;
    // Changes heard while a list is being read, applied on top of what it returns.
    let heard: { added: ChatMessage[]; closed: Set<string> } | null = null;

    let timer = 0;
    let shownAt = -Infinity;
    const show = () => {
      frame = 0;
      shownAt = performance.now();
      const sorted = [...byId.current.values()].sort(newestFirst);
      if (sorted.length > laneQuestionMemory) byId.current = new Map(sorted.slice(0, laneQuestionMemory).map((m) => [m.id, m]));
      setQuestions(sorted.slice(0, laneQuestionLimit));
    };
    const changed = () => {
      if (frame || timer) return;
      const wait = shownAt + laneRedrawMs - performance.now();
      if (wait <= 0) frame = requestAnimationFrame(show);
      else
        timer = window.setTimeout(() => {
          timer = 0;
          frame = requestAnimationFrame(show);
        }, wait);
    };
    const read = async () => {
      const mine = ++reading;
      heard = { added: [], closed: new Set() };
      try {
        // Narrowed first, so a question asked while the list is read is heard (and nothing else is).
        await lane.followQuestions(baseLanguage(language));
        const listed = await lane.openQuestions(baseLanguage(language));
        if (cancelled || mine !== reading) return;
        const next = new Map(listed.filter((m) => isLaneQuestion(m, language)).map((m) => [m.id, m]));
        for (const m of heard.added) next.set(m.id, m);
        for (const id of heard.closed) next.delete(id);
        byId.current = next;
        heard = null;
        setError(null);
        changed();
      } catch (e) {
        if (!cancelled && mine === reading) setError(errorText(e));
      }
    };

    const offChat = lane.onChat({
      message(message) {
        if (!isLaneQuestion(message, language)) return;
        heard?.added.push(message);
        byId.current.set(message.id, message);
        changed();
      },
      updated(update) {
        if (isOpen(update)) {
          // Opened again (or starred into the queue) elsewhere: only the host has its text and language.
          if (!byId.current.has(update.id)) void read();
          return;
        }
        heard?.closed.add(update.id);
        if (byId.current.delete(update.id)) changed();
      },
    });
    const offLink = lane.onLinkState((link) => link === 'online' && void read());
    void read();
    return () => {
      cancelled = true;
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
      offChat();
      offLink();
    };
  }, [lane, language]);

  const answer = useCallback(
    (id: string) => {
      setAnswering((s) => new Set(s).add(id));
      lane
        .answer(id)
        .then(() => {
          // chat.updated says so too; the list need not wait for it.
          byId.current.delete(id);
          setQuestions((list) => list.filter((m) => m.id !== id));
          setError(null);
        })
        .catch((e: unknown) => setError(errorText(e)))
        .finally(() =>
          setAnswering((s) => {
            const next = new Set(s);
            next.delete(id);
            return next;
          }),
        );
    },
    [lane],
  );

  return { questions, answering, error, answer };
}
