import { useEffect, useMemo, useRef, useState } from 'react';
import type { PrompterState, Script } from '../../../../electron/shared/contract/prompter';
import { cueLabels, lintScript, parseScript, segmentWords, type ScriptDoc } from '../../../../electron/shared/prompter';
import { errorText } from '../../store/error-text';
import type { PrompterLane } from '../../store/prompter-lane';
import { LaneClock } from './lane-clock';

export interface LaneView {
  state: PrompterState | null;
  script: Script | null;
  laneId: string | null;
  /** The variant this lane shows (its language, or the lead's when the script lacks it). */
  doc: ScriptDoc | null;
  shownLanguage: string | null;
  alignedIds: string[];
  leadWords: number[];
  clock: LaneClock;
  error: string | null;
  /** The link to the host is down: the lane is frozen where it was and reconnects by itself. */
  hostLost: boolean;
  /** Product names for card and deal cues in this lane's language, by cue id. */
  cueLabels: ReadonlyMap<string, string>;
}

/**
 * Joins the prompter as a lane and keeps a projection of the host's prompter: the state, the script
 * (reloaded when its revision changes) and a lane clock fed by position events. When the link to the
 * host drops, the lane freezes at once (it cannot know what the host does) and says so; after the
 * transport reconnects, it joins again and takes the host's state and position.
 */
export function usePrompterLane(lane: PrompterLane, language: string, role: 'lead' | 'follower'): LaneView {
  const clock = useMemo(() => new LaneClock(), []);
  const [state, setState] = useState<PrompterState | null>(null);
  const [script, setScript] = useState<Script | null>(null);
  const [laneId, setLaneId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hostLost, setHostLost] = useState(false);
  const laneRef = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const apply = (next: PrompterState) => {
      clock.fromState(next);
      setState(next);
    };
    const off = lane.onPrompter({ position: (event) => clock.fromEvent(event), state: apply });
    const join = async () => {
      try {
        if (laneRef.current) return;
        const joined = await lane.join(language, role);
        if (cancelled) return lane.leave(joined.laneId);
        laneRef.current = joined.laneId;
        setLaneId(joined.laneId);
        apply(joined.state);
        setHostLost(false);
        setError(null);
      } catch (e) {
        setError(errorText(e));
      }
    };
    // A WebSocket lane leaves when it disconnects; join again after every reconnect.
    const offLink = lane.onLinkState((link) => {
      if (link === 'online') void join();
      else if (link === 'offline') {
        clock.freeze();
        setHostLost(true);
        if (lane.leavesOnDisconnect) {
          laneRef.current = null;
          setLaneId(null);
        }
      }
    });
    const leave = () => {
      if (laneRef.current) lane.leave(laneRef.current);
      laneRef.current = null;
    };
    window.addEventListener('pagehide', leave);
    return () => {
      cancelled = true;
      off();
      offLink();
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [lane, clock, language, role]);

  const scriptId = state?.scriptId ?? null;
  const revision = state?.revision ?? 0;
  useEffect(() => {
    if (!scriptId) {
      setScript(null);
      return;
    }
    let cancelled = false;
    lane
      .getScript(scriptId)
      .then((s) => !cancelled && setScript(s))
      .catch((e: unknown) => !cancelled && setError(errorText(e)));
    return () => {
      cancelled = true;
    };
  }, [lane, scriptId, revision]);

  const leadLanguage = state?.leadLanguage ?? 'en';
  const version = state?.version ?? null;
  const derived = useMemo(() => {
    if (!script) return { doc: null, shownLanguage: null, alignedIds: [], leadWords: [0] };
    // The A/B version the host loaded (an older host sends none: the first version's text).
    const variants = script.versions?.find((v) => v.name === version)?.variants ?? script.variants;
    const shownLanguage = variants[language] !== undefined ? language : leadLanguage;
    const lint = lintScript(variants, leadLanguage);
    return {
      doc: parseScript(variants[shownLanguage] ?? '').doc,
      shownLanguage,
      alignedIds: lint.cues.map((c) => c.id),
      leadWords: segmentWords(parseScript(variants[leadLanguage] ?? '').doc),
    };
  }, [script, language, leadLanguage, version]);

  // Keyed by what the host resolved, so the map (and the reader's layout) changes only when a name does.
  const productsKey = JSON.stringify(state?.cues.map((c) => c.product) ?? []);
  const labels = useMemo(() => cueLabels(state?.cues ?? [], language), [productsKey, language]);

  return { state, script, laneId, clock, error, hostLost, cueLabels: labels, ...derived };
}
