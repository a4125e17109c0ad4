import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../../../electron/shared/contract/audience';
import { recordShown } from './latency';
import { useFrameVirtualizer } from './use-frame-virtualizer';

interface Props {
  items: readonly ChatMessage[];
  renderRow(message: ChatMessage): ReactNode;
  /** Follow the newest at the bottom unless the user scrolled up (the chat list); the queue does not. */
  stickToBottom: boolean;
  /** Tells the store the user reads back (nothing is dropped under them meanwhile). */
  onHeldChange?(held: boolean): void;
  /** Scrolled into view when it changes (the keys' selection). */
  focusId?: string | null;
  /** Bumped by the End key: back to the newest. */
  newestSignal?: number;
  label: string;
  testId: string;
  empty: ReactNode;
}

const userScrollWindowMs = 800;
const estimatedRowPx = 52;
const overscan = 4;
/** The shortest a comment's row can be (one line of text): the tail holds enough of them to fill the list. */
const shortestRowPx = 36;
/**
 * TanStack's size cache is copied whole on every row measured, and keeps every key it ever measured:
 * under a chat burst each new row cost more than the last (a dock slowed down the longer a show ran).
 * Past this many entries it is emptied; the sizes stay known here (`heights`, the estimate's source).
 */
const sizeCacheLimit = 1000;

/**
 * A list of comments that stays smooth at hundreds a second. In stick-to-bottom mode (the chat list) it
 * follows the newest: only the last few rows are in the DOM, in a scroller whose origin is its bottom
 * (flex column-reverse), so new rows push the old ones up with no scroll position written, no row
 * measured and no list virtualized per comment. Scrolling up holds it: from there it is a virtualized
 * list of every comment kept (only the rows in view in the DOM, each measured for its height), opened
 * where the user was, and it counts what arrived ("N new") until they go back to the bottom.
 * The question queue is always the virtualized list.
 */
export function VirtualRows({ items, renderRow, stickToBottom, onHeldChange, focusId, newestSignal, label, testId, empty }: Props) {
  const { t } = useTranslation('chat');
  const scroller = useRef<HTMLDivElement>(null);
  const [held, setHeldState] = useState(false);
  const heldRef = useRef(false);
  const heldAfterId = useRef<string | null>(null);
  const userScrollUntil = useRef(0);
  // Following the newest: the tail, not the virtualized list (an empty list shows its note at the top).
  const following = stickToBottom && !held;
  const tailMode = following && items.length > 0;
  // The scroller's height, for how many rows the tail needs and the virtualized list's first range.
  const [viewportPx, setViewportPx] = useState(0);
  // Where the virtualized list opens (px from its top) when the user scrolls up out of the tail.
  const openAt = useRef(0);

  // Row heights come from the ResizeObserver's entries (after layout), never from reading offsetHeight
  // when a row mounts, which would force a layout per new row. Kept by comment id for the comments listed
  // (see sizeCacheLimit), they are also the estimate of a row.
  const heights = useRef(new Map<string, number>());
  // Sizes TanStack may have cached since it was last emptied (each new or changed height is one).
  const sizesCached = useRef(0);
  const virtualizer = useFrameVirtualizer({
    // Off while the tail shows: no observers, no measurements, its size cache emptied.
    enabled: !tailMode,
    count: items.length,
    getScrollElement: () => scroller.current,
    initialOffset: () => openAt.current,
    initialRect: { width: 0, height: viewportPx },
    estimateSize: (index) => heights.current.get(items[index]!.id) ?? estimatedRowPx,
    measureElement: (element, entry) => {
      const key = element.getAttribute('data-key') ?? '';
      const box = entry?.borderBoxSize?.[0];
      if (box) {
        const height = Math.round(box.blockSize);
        if (heights.current.get(key) !== height) sizesCached.current++;
        heights.current.set(key, height);
        return height;
      }
      return heights.current.get(key) ?? estimatedRowPx;
    },
    overscan,
    getItemKey: (index) => items[index]!.id,
  });

  const setHeld = (next: boolean) => {
    if (heldRef.current === next) return;
    heldRef.current = next;
    heldAfterId.current = next ? (items.at(-1)?.id ?? null) : null;
    setHeldState(next);
    onHeldChange?.(next);
  };
  useEffect(() => () => onHeldChange?.(false), [onHeldChange]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setViewportPx(Math.round(entry!.contentRect.height)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // Back in the tail: at its bottom (the scroll origin of a column-reverse scroller).
  useLayoutEffect(() => {
    if (tailMode && scroller.current) scroller.current.scrollTop = 0;
  }, [tailMode]);

  // Back to the newest on request (the button, End): the tail again.
  const jumpToNewest = () => {
    userScrollUntil.current = 0;
    setHeld(false);
  };
  useEffect(() => {
    if (newestSignal === undefined || newestSignal === 0) return;
    jumpToNewest();
  }, [newestSignal]);
  useEffect(() => {
    if (!focusId) return;
    const index = items.findIndex((m) => m.id === focusId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // Only when the selection moves, not on every new comment.
  }, [focusId]);

  // Bounded caches: the heights of comments no longer listed go, and TanStack's copy is emptied (its
  // sizes come back from the estimate, unchanged, at the next frame's render).
  useLayoutEffect(() => {
    if (tailMode || sizesCached.current <= sizeCacheLimit) return;
    sizesCached.current = 0;
    if (heights.current.size > 2 * items.length) {
      const listed = new Set(items.map((m) => m.id));
      for (const id of heights.current.keys()) if (!listed.has(id)) heights.current.delete(id);
    }
    virtualizer.measure();
  });

  const tail = tailMode ? items.slice(-(Math.ceil((viewportPx || 800) / shortestRowPx) + 2)) : [];
  const virtualItems = tailMode ? [] : virtualizer.getVirtualItems();
  useLayoutEffect(() => {
    if (stickToBottom) recordShown(tailMode ? tail.map((m) => m.id) : virtualItems.map((v) => items[v.index]!.id));
  });

  // Scrolled up out of the tail: the virtualized list, opened at the same distance from the bottom. The
  // tail's rows are measured once here, so the rows in view keep their places.
  const holdFromTail = (up: number) => {
    const el = scroller.current!;
    for (const row of el.querySelectorAll<HTMLElement>('[data-key]')) heights.current.set(row.dataset.key!, row.offsetHeight);
    let total = 0;
    for (const m of items) total += heights.current.get(m.id) ?? estimatedRowPx;
    openAt.current = Math.max(0, total - el.clientHeight - up);
    setHeld(true);
  };

  // Only a scroll the user made (wheel, touch, keys, the scrollbar) holds the list; layout shifts do not.
  const markUserScroll = () => (userScrollUntil.current = performance.now() + userScrollWindowMs);
  const onScroll = () => {
    const el = scroller.current;
    if (!el || !stickToBottom) return;
    if (tailMode) {
      // A column-reverse scroller counts up from its bottom in negative numbers.
      const up = -el.scrollTop;
      if (up > 24 && performance.now() < userScrollUntil.current) holdFromTail(up);
      return;
    }
    if (heldRef.current && el.scrollHeight - el.scrollTop - el.clientHeight <= 4) setHeld(false);
  };

  let newCount = 0;
  if (held) {
    const at = heldAfterId.current === null ? -1 : items.findIndex((m) => m.id === heldAfterId.current);
    newCount = items.length - 1 - at;
  }

  return (
    <div className="virtual-rows-wrap">
      <div
        ref={scroller}
        className={tailMode ? 'virtual-rows is-tail' : 'virtual-rows'}
        role="list"
        aria-label={label}
        data-testid={testId}
        data-count={items.length}
        data-held={held}
        tabIndex={0}
        onScroll={onScroll}
        onWheel={markUserScroll}
        onTouchMove={markUserScroll}
        onPointerDown={markUserScroll}
        onKeyDown={markUserScroll}
      >
        {/* A list must hold list items only (screen readers, axe): the empty note is one, the sizer is not a level. */}
        {items.length === 0 && (
          <div className="virtual-rows-empty muted" role="listitem">
            {empty}
          </div>
        )}
        {tailMode ? (
          <div role="presentation" className="virtual-rows-tail">
            {tail.map((m) => (
              <div key={m.id} role="listitem" data-key={m.id}>
                {renderRow(m)}
              </div>
            ))}
          </div>
        ) : (
          <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualItems.map((v) => (
              <div
                key={v.key}
                role="listitem"
                data-index={v.index}
                data-key={String(v.key)}
                ref={virtualizer.measureElement}
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` }}
              >
                {renderRow(items[v.index]!)}
              </div>
            ))}
          </div>
        )}
      </div>
      {held && newCount > 0 && (
        <button
          type="button"
          className="chat-new-button"
          data-testid="chat-new"
          onClick={jumpToNewest}
        >
          {t('newCount', { count: newCount })}
        </button>
      )}
    </div>
  );
}
