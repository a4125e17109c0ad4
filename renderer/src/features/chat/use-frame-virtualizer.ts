import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type PartialKeys, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useReducer, useState } from 'react';
import { flushSync } from 'react-dom';

type Options = PartialKeys<VirtualizerOptions<HTMLDivElement, HTMLDivElement>, 'observeElementRect' | 'observeElementOffset' | 'scrollToFn'>;

/**
 * TanStack Virtual's element virtualizer, re-rendering at most once per animation frame.
 *
 * The stock React adapter (useVirtualizer) renders synchronously (flushSync) on every scroll event and
 * on every row measured, even from inside a commit (a new row's ref measures it). At hundreds of comments
 * a second that is several nested renders per frame, each followed by a layout: the dock's frames took
 * hundreds of ms (see bench/audience.bench.ts). Here every change (scroll, resize, a row measured) marks
 * the list dirty and one render runs in the next frame's animation-frame callbacks, before paint, so a
 * scroll still never shows blank rows.
 */
export function useFrameVirtualizer(options: Options): Virtualizer<HTMLDivElement, HTMLDivElement> {
  const rerender = useReducer((n: number) => n + 1, 0)[1];
  const [frame] = useState(() => ({ id: null as number | null }));
  const resolved: VirtualizerOptions<HTMLDivElement, HTMLDivElement> = {
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    ...options,
    onChange: () => {
      frame.id ??= requestAnimationFrame(() => {
        frame.id = null;
        flushSync(rerender);
      });
    },
  };
  const [instance] = useState(() => new Virtualizer(resolved));
  instance.setOptions(resolved);
  useLayoutEffect(() => instance._didMount(), [instance]);
  useLayoutEffect(() => instance._willUpdate());
  useEffect(
    () => () => {
      if (frame.id !== null) cancelAnimationFrame(frame.id);
    },
    [frame],
  );
  return instance;
}
