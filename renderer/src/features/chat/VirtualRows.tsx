import { defaultRangeExtractor } from '@tanstack/react-virtual';
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
/**
 * TanStack's size cache is copied whole on every row measured, and keeps every key it ever measured:
 * under a chat burst each new row cost more than the last (a dock slowed down the longer a show ran).
 * Past this many entries it is emptied; the sizes stay known here (`heights`, the estimate's source).
 */
const sizeCacheLimit = 1000;

/**
 * A virtualized list of comments (only the rows in view are in the DOM, each measured for its height),
 * so thousands of comments and hundreds a second cost a frame's work, not a page's. In stick-to-bottom
 * mode it follows the newest comment until the user scrolls up, then stops and counts what arrived ("N new").
 */
export function VirtualRows({ items, renderRow, stickToBottom, onHeldChange, focusId, newestSignal, label, testId, empty }: Props) {
  const { t } = useTranslation('chat');
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const [held, setHeldState] = useState(false);
  const heldRef = useRef(false);
  const heldAfterId = useRef<string | null>(null);
  const userScrollUntil = useRef(0);
  const lastTop = useRef(0);

  // Row heights come from the ResizeObserver's entries (after layout), never from reading offsetHeight
  // when a row mounts, which would force a layout per new row at hundreds of comments a second. Kept by
  // comment id for the comments listed (see sizeCacheLimit), they are also the estimate of a row.
  const heights = useRef(new Map<string, number>());
  // Sizes TanStack may have cached since it was last emptied (each new or changed height is one).
  const sizesCached = useRef(0);
  const virtualizer = useFrameVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
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
    // While following the newest, the rows at the bottom are in the same render that adds them: the
    // range from the scroll position would show them only after the scroll to the bottom, a frame later.
    rangeExtractor: (range) => {
      const rows = defaultRangeExtractor(range);
      if (!stickToBottom || heldRef.current || range.count === 0) return rows;
      const measured = virtualizer.measurementsCache;
      const viewport = virtualizer.scrollRect?.height ?? 0;
      let first = range.count - 1;
      for (let filled = 0; first > 0 && filled < viewport; first--) filled += measured[first]?.size ?? estimatedRowPx;
      first = Math.max(0, first - overscan);
      const tail = Array.from({ length: range.count - first }, (_, i) => first + i);
      return rows.length > 0 && rows.at(-1)! >= first ? [...rows.filter((i) => i < first), ...tail] : [...rows, ...tail];
    },
  });

  const setHeld = (next: boolean) => {
    if (heldRef.current === next) return;
    heldRef.current = next;
    heldAfterId.current = next ? (items.at(-1)?.id ?? null) : null;
    setHeldState(next);
    onHeldChange?.(next);
  };
  useEffect(() => () => onHeldChange?.(false), [onHeldChange]);

  // The bottom from the virtualizer's own sizes (the browser clamps it): reading scrollHeight here would
  // force a layout of its own after every commit.
  const toBottom = () => {
    const el = scroller.current;
    if (el) el.scrollTop = virtualizer.getTotalSize();
  };
  // Back to the newest on request (the button, End): the tail of the wheel scroll that held the list, or
  // a re-measure moving rows, must not hold it again; only a new scroll by the user does.
  const jumpToNewest = () => {
    userScrollUntil.current = 0;
    setHeld(false);
    toBottom();
  };
  // Newest in view after every change of the list, and again when rows are measured taller than estimated.
  useLayoutEffect(() => {
    if (stickToBottom && !heldRef.current) toBottom();
  }, [items, stickToBottom]);
  useEffect(() => {
    if (!stickToBottom || !content.current) return;
    const observer = new ResizeObserver(() => {
      if (!heldRef.current) toBottom();
    });
    observer.observe(content.current);
    return () => observer.disconnect();
  }, [stickToBottom]);
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
    if (sizesCached.current <= sizeCacheLimit) return;
    sizesCached.current = 0;
    if (heights.current.size > 2 * items.length) {
      const listed = new Set(items.map((m) => m.id));
      for (const id of heights.current.keys()) if (!listed.has(id)) heights.current.delete(id);
    }
    virtualizer.measure();
  });

  const virtualItems = virtualizer.getVirtualItems();
  useLayoutEffect(() => {
    if (stickToBottom) recordShown(virtualItems.map((v) => items[v.index]!.id));
  });

  // Only a scroll the user made (wheel, touch, keys, the scrollbar) stops the following; layout shifts do not.
  const markUserScroll = () => (userScrollUntil.current = performance.now() + userScrollWindowMs);
  const onScroll = () => {
    const el = scroller.current;
    if (!el || !stickToBottom) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    const movedUp = el.scrollTop < lastTop.current - 1;
    lastTop.current = el.scrollTop;
    if (fromBottom <= 4) setHeld(false);
    else if (movedUp && fromBottom > 24 && performance.now() < userScrollUntil.current) setHeld(true);
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
        className="virtual-rows"
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
        <div ref={content} role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
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
