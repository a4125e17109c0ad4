import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/shared/contract';
import { formatClock, formatDuration, productText } from './format';

type Data = MethodOutput<'session.timeline'>;

const width = 1000;
const laneHeight = 34;
const labelWidth = 110;
const axisHeight = 26;
const lanes = ['scenes', 'products', 'deals', 'moments'] as const;

/** A few round tick steps, from seconds to hours. */
const tickSteps = [1, 5, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 14_400].map((s) => s * 1000);

const pointClass: Record<string, string> = {
  'session.mark': 'pt-mark',
  'session.note': 'pt-note',
  'stream.alarm': 'pt-alarm',
  error: 'pt-error',
  // A crash is not an error the app reported: its own colour, as in the summary's own counter.
  'session.interrupted': 'pt-interrupt',
  'session.resumed': 'pt-interrupt',
  'obs.connection.changed': 'pt-obs',
};

/**
 * The session on a time axis: scenes, products on air and deals as bars, and moments (marks, notes,
 * alarms, errors, stream/recording changes) as markers. Drawn as one SVG scaled to the panel's width.
 */
export function Timeline({ data }: { data: Data; market: string }) {
  const { t, i18n } = useTranslation('sessions');
  const lang = i18n.language;
  const productOf = (productId: string | null) => (productId === null ? '' : productText(data.productLabels[productId], productId, lang));
  const outcomeText = (outcome: string | null) => (outcome ? t(`outcome.${outcome}`, { defaultValue: outcome }) : '');
  const labelled = {
    scenes: data.scenes,
    products: data.products.map((span) => ({ ...span, label: productOf(span.productId) })),
    deals: data.deals.map((span) => ({ ...span, label: [productOf(span.productId), outcomeText(span.outcome)].filter(Boolean).join(' · ') })),
  };
  const span = Math.max(1, data.to - data.from);
  const x = (at: number) => labelWidth + ((Math.min(Math.max(at, data.from), data.to) - data.from) / span) * (width - labelWidth - 8);
  const step = tickSteps.find((s) => span / s <= 8) ?? tickSteps[tickSteps.length - 1]!;
  const ticks: number[] = [];
  for (let tick = Math.ceil(data.from / step) * step; tick <= data.to; tick += step) ticks.push(tick);
  const height = axisHeight + lanes.length * laneHeight + 4;
  const laneY = (i: number) => axisHeight + i * laneHeight;

  const bars = (items: Data['scenes'], lane: number, cls: string) =>
    items.map((item, i) => {
      const x1 = x(item.from);
      const w = Math.max(2, x(item.to) - x1);
      return (
        <g key={`${cls}-${i}`} className={cls}>
          <rect x={x1} y={laneY(lane) + 5} width={w} height={laneHeight - 10} rx={3}>
            <title>{`${item.label} · ${formatClock(item.from, i18n.language)}–${formatClock(item.to, i18n.language)}`}</title>
          </rect>
          {w > 60 && (
            <text x={x1 + 5} y={laneY(lane) + laneHeight / 2 + 4} className="bar-label">
              {item.label.length > w / 8 ? `${item.label.slice(0, Math.floor(w / 8))}…` : item.label}
            </text>
          )}
        </g>
      );
    });

  return (
    <div className="timeline-wrap">
      <svg className="timeline" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('detail.timeline')} data-testid="timeline">
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={x(tick)} x2={x(tick)} y1={axisHeight - 4} y2={height} />
            <text x={x(tick)} y={14} textAnchor="middle">
              {formatClock(tick, i18n.language)}
            </text>
          </g>
        ))}
        {lanes.map((lane, i) => (
          <g key={lane}>
            <rect className="lane-bg" x={labelWidth} y={laneY(i) + 2} width={width - labelWidth - 8} height={laneHeight - 4} />
            <text className="lane-label" x={6} y={laneY(i) + laneHeight / 2 + 5}>
              {t(`timeline.${lane}`)}
            </text>
          </g>
        ))}
        {data.gaps.map((gap) => (
          <g key={`${gap.kind}-${gap.from}`} className={`gap gap-${gap.kind}`} data-testid="timeline-gap" data-kind={gap.kind}>
            <rect x={x(gap.from)} y={axisHeight} width={Math.max(2, x(gap.to) - x(gap.from))} height={lanes.length * laneHeight}>
              <title>{`${t(`timeline.gap.${gap.kind}`)} · ${formatClock(gap.from, lang)}–${formatClock(gap.to, lang)} (${formatDuration(gap.to - gap.from)})`}</title>
            </rect>
          </g>
        ))}
        {bars(labelled.scenes, 0, 'bar-scene')}
        {bars(labelled.products, 1, 'bar-product')}
        {bars(labelled.deals, 2, 'bar-deal')}
        {data.points.map((p) => {
          const cx = x(p.at);
          const cy = laneY(3) + laneHeight / 2;
          return (
            <g key={p.seq} className={`point ${pointClass[p.kind] ?? 'pt-other'}`} data-testid={p.kind === 'session.mark' ? 'timeline-mark' : 'timeline-point'} data-kind={p.kind}>
              <path d={`M ${cx} ${cy - 10} L ${cx + 7} ${cy} L ${cx} ${cy + 10} L ${cx - 7} ${cy} Z`} />
              <title>{`${formatClock(p.at, i18n.language)} · ${t(`kinds.${p.kind}`, { defaultValue: p.kind })}${p.label ? ` · ${p.label}` : ''}`}</title>
            </g>
          );
        })}
      </svg>
      <div className="timeline-legend">
        <span className="lg pt-mark">◆ {t('timeline.mark')}</span>
        <span className="lg pt-note">◆ {t('timeline.note')}</span>
        <span className="lg pt-alarm">◆ {t('timeline.alarm')}</span>
        <span className="lg pt-error">◆ {t('timeline.error')}</span>
        <span className="lg pt-interrupt">◇ {t('timeline.interrupt')}</span>
        <span className="lg pt-obs">◆ {t('timeline.obs')}</span>
        {data.gaps.some((g) => g.kind === 'host') && <span className="lg gap-host-legend">▨ {t('timeline.gap.host')}</span>}
        {data.gaps.some((g) => g.kind === 'obs') && <span className="lg gap-obs-legend">▨ {t('timeline.gap.obs')}</span>}
        {data.truncated && <span className="muted">{t('timeline.truncated')}</span>}
      </div>
    </div>
  );
}
