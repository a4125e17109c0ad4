import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MethodOutput } from '../../../../electron/shared/contract';

type Data = MethodOutput<'session.health'>;

/**
 * Stream health over the session with uPlot (canvas, fast for thousands of points): fps on the left
 * axis, dropped/skipped frames and CPU in percent on the right, from the host's pre-aggregated buckets.
 */
export function HealthChart({ data }: { data: Data }) {
  const { t } = useTranslation('sessions');
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el || data.points.length === 0) return;
    const css = getComputedStyle(document.documentElement);
    const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const axis = { stroke: color('--muted', '#9aa3b2'), grid: { stroke: '#2a2f3a', width: 1 }, ticks: { stroke: '#2a2f3a' } };
    const series = (label: string, stroke: string, scale: string, values: (number | null)[]) => ({ spec: { label, stroke, scale, width: 2, spanGaps: false }, values });
    const lines = [
      series(t('health.fpsAvg'), color('--ok', '#2ecc71'), 'fps', data.points.map((p) => p.fpsAvg)),
      series(t('health.fpsMin'), '#7fd6a3', 'fps', data.points.map((p) => p.fpsMin)),
      series(t('health.dropped'), color('--danger', '#ff5a52'), '%', data.points.map((p) => p.droppedMax)),
      series(t('health.skipped'), color('--warn', '#f0a500'), '%', data.points.map((p) => p.skippedMax)),
      series(t('health.cpu'), color('--accent', '#4f9dff'), '%', data.points.map((p) => p.cpuMax)),
    ];
    const plot = new uPlot(
      {
        width: el.clientWidth,
        height: 260,
        series: [{ label: t('events.time') }, ...lines.map((l) => l.spec)],
        scales: { x: { time: true }, fps: { range: [0, 65] }, '%': { range: (_u, _min, max) => [0, Math.max(5, max ?? 0)] } },
        axes: [
          { ...axis },
          { ...axis, scale: 'fps', label: 'fps' },
          { ...axis, scale: '%', side: 1, label: '%', grid: { show: false } },
        ],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
      },
      [data.points.map((p) => p.at / 1000), ...lines.map((l) => l.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, t]);

  if (data.points.length === 0) return <p className="muted">{t('health.none')}</p>;
  // Time runs left to right on every chart, in every UI language.
  return <div ref={box} className="health-chart" dir="ltr" data-testid="health-chart" />;
}
