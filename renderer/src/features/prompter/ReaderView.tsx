import { useEffect, useLayoutEffect, useRef } from 'react';
import { laneAnchors, yAt, type ScriptDoc } from '../../../../electron/shared/prompter';
import type { DisplaySettings } from './display-settings';
import { wallNow, type LaneClock } from './lane-clock';
import { ScriptBlocks, type CueLabels } from './ScriptBlocks';

export interface ReaderLayout {
  /** Content y of each anchor: 0, every aligned cue, the bottom. */
  anchors: number[];
  lineHeightPx: number;
}

interface Props {
  doc: ScriptDoc;
  alignedIds: string[];
  leadWords: number[];
  clock: LaneClock;
  display: DisplaySettings;
  language: string;
  rtl: boolean;
  /** Product names for card and deal cues, in this lane's language. */
  cueLabels?: CueLabels;
  /** Called after every (re)layout: the lead lane reports it to the host. */
  onLayout?(layout: ReaderLayout): void;
  /** Called every frame with the time and the content y at the reading line (benchmarks and tests). */
  onFrame?(wall: number, y: number): void;
}

/**
 * The scrolling text. Each animation frame computes the position for the frame's time from the lane
 * clock and moves the text with a sub-pixel translate3d, so the compositor scrolls it and the speed
 * is the same at 60, 120 or 144 Hz. Cue chips are measured as anchors after every layout change
 * (text, font, size, width), so editing or restyling keeps the reader at the same cue.
 */
export function ReaderView({ doc, alignedIds, leadWords, clock, display, language, rtl, cueLabels, onLayout, onFrame }: Props) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const layoutRef = useRef<ReaderLayout>({ anchors: [0, 0], lineHeightPx: 1 });
  const onLayoutRef = useRef(onLayout);
  const onFrameRef = useRef(onFrame);
  onLayoutRef.current = onLayout;
  onFrameRef.current = onFrame;

  useLayoutEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const measure = () => {
      const cueY = new Map<string, number>();
      for (const el of content.querySelectorAll<HTMLElement>('[data-cue-id]')) {
        const id = el.dataset.cueId!;
        if (!cueY.has(id)) cueY.set(id, offsetTopWithin(el, content));
      }
      // The spacer after the text lets the last line reach the reading line; it is not part of the text.
      const end = content.querySelector<HTMLElement>('.reader-end');
      const layout = {
        anchors: laneAnchors(alignedIds, cueY, end ? end.offsetTop : content.offsetHeight, leadWords),
        lineHeightPx: display.fontSizePx * display.lineHeight,
      };
      layoutRef.current = layout;
      onLayoutRef.current?.(layout);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(content);
    return () => observer.disconnect();
  }, [doc, alignedIds, leadWords, cueLabels, display.fontSizePx, display.lineHeight, display.marginPct]);

  useEffect(() => {
    let frame = 0;
    let lastTransform = '';
    // The viewport's height from a ResizeObserver, not read each frame: reading clientHeight after the
    // page changed (the questions panel under a chat burst) forces a layout in every frame.
    let viewportHeight = viewportRef.current?.clientHeight ?? 0;
    const resized = new ResizeObserver((entries) => {
      for (const entry of entries) viewportHeight = (entry.target as HTMLElement).clientHeight;
    });
    if (viewportRef.current) resized.observe(viewportRef.current);
    const draw = () => {
      const content = contentRef.current;
      if (viewportRef.current && content) {
        const wall = wallNow();
        const y = yAt(clock.positionAt(wall), layoutRef.current.anchors);
        const readingLine = (viewportHeight * display.readingLinePct) / 100;
        // The reading line crosses the middle of the line being read.
        const transform = `translate3d(0, ${(readingLine - y - layoutRef.current.lineHeightPx / 2).toFixed(2)}px, 0)`;
        if (transform !== lastTransform) {
          content.style.transform = transform;
          lastTransform = transform;
        }
        onFrameRef.current?.(wall, y);
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      resized.disconnect();
    };
  }, [clock, display.readingLinePct]);

  const mirror = `scale(${display.mirrorH ? -1 : 1}, ${display.mirrorV ? -1 : 1})`;
  return (
    <div
      ref={viewportRef}
      className={display.highContrast ? 'reader high-contrast' : 'reader'}
      data-testid="reader"
      data-mirror-h={display.mirrorH}
      data-mirror-v={display.mirrorV}
      style={{ transform: mirror }}
    >
      {/* The arrow points at where the script's lines start (the right edge for Arabic, Hebrew...). */}
      <div className="reading-line" dir={rtl ? 'rtl' : 'ltr'} style={{ top: `${display.readingLinePct}%` }} aria-hidden />
      <div
        ref={contentRef}
        className="reader-content"
        data-testid="reader-content"
        lang={language}
        dir={rtl ? 'rtl' : 'ltr'}
        style={{
          fontSize: `${display.fontSizePx}px`,
          lineHeight: display.lineHeight,
          paddingInline: `${display.marginPct}%`,
        }}
      >
        <ScriptBlocks blocks={doc.blocks} labels={cueLabels} />
        <div className="reader-end" aria-hidden />
      </div>
    </div>
  );
}

/** offsetTop relative to an ancestor (transforms do not change it, so measuring never fights scrolling). */
function offsetTopWithin(el: HTMLElement, ancestor: HTMLElement): number {
  let top = 0;
  let node: HTMLElement | null = el;
  while (node && node !== ancestor) {
    top += node.offsetTop;
    node = node.offsetParent as HTMLElement | null;
  }
  return top;
}
