import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ViewerPoint {
  at: number;
  viewers: number;
}

const minuteSteps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * 60);

/** The data uPlot draws: seconds on x, viewers on y. */
const aligned = (points: ViewerPoint[]): uPlot.AlignedData => [points.map((p) => p.at / 1000), points.map((p) => p.viewers)];

/**
 * Viewers over the session, small: uPlot (as the review's health chart) on a canvas, so a long session's
 * thousands of readings stay cheap. The plot is made once and handed new points as they arrive.
 */
export function ViewersChart({ points, label, locale, height = 110 }: { points: ViewerPoint[]; label: string; locale: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(points);
  latest.current = points;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const line = color('--audience', '#a78bfa');
    const axis = { stroke: color('--muted', '#9aa3b2'), grid: { stroke: '#2a2f3a', width: 1 }, ticks: { stroke: '#2a2f3a' }, size: 40 };
    // The UI's own clock (uPlot's default labels are English, with a second line for the date).
    const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
    const count = new Intl.NumberFormat(locale, { notation: 'compact' });
    const made = new uPlot(
      {
        width: Math.max(120, el.clientWidth),
        height,
        series: [{}, { label, stroke: line, fill: 'rgba(167, 139, 250, 0.18)', width: 2, points: { show: false } }],
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(10, Math.ceil((max ?? 0) * 1.15))] } },
        axes: [
          // Ticks whole minutes apart: the labels show minutes, so closer ticks would repeat the same time.
          { ...axis, space: 70, size: 28, incrs: minuteSteps, values: (_u, splits) => splits.map((s) => clock.format(s * 1000)) },
          { ...axis, size: 48, values: (_u, splits) => splits.map((v) => count.format(v)) },
        ],
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
      },
      aligned(latest.current),
      el,
    );
    plot.current = made;
    const resize = new ResizeObserver(() => made.setSize({ width: Math.max(120, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      made.destroy();
      plot.current = null;
    };
  }, [label, locale, height]);

  useEffect(() => {
    plot.current?.setData(aligned(points));
  }, [points]);

  // Time runs left to right on every chart, in every UI language.
  return <div ref={box} className="viewers-chart" dir="ltr" role="img" aria-label={label} data-testid="viewers-chart" data-points={points.length} />;
}
