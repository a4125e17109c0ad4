import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/shared/contract';
import { isRightToLeft } from '../../../../electron/shared/languages';
import { formatClock, formatDuration, productText } from './format';

type Data = MethodOutput<'session.timeline'>;

/** Viewers and chat volume over the session (from sales.review), drawn as two more lanes. */
export interface AudienceLanes {
  viewers: { at: number; viewers: number }[];
  chatPerMinute: { at: number; messages: number }[];
}

const width = 1000;
const laneHeight = 34;
/** The audience lanes draw a curve and bars: a little more height reads better. */
const audienceLaneHeight = 52;
/** Above an audience lane's curve or bars: the line that names its peak, never drawn over them. */
const peakLabelRoom = 14;
const labelWidth = 110;
const axisHeight = 26;
const eventLanes = ['scenes', 'products', 'deals', 'moments'] as const;
type LaneId = (typeof eventLanes)[number] | 'viewers' | 'chat';

/**
 * SVG text of the UI's own words, placed from its left (`from: 'left'`) or right end, written in the UI
 * language's direction: the chart stays left to right, an Arabic label still reads right to left.
 */
function uiText(lang: string, from: 'left' | 'right'): { direction: 'ltr' | 'rtl'; textAnchor: 'start' | 'end' } {
  const rtl = isRightToLeft(lang);
  // text-anchor follows the text's direction: the "end" of a right-to-left text is its left end.
  return { direction: rtl ? 'rtl' : 'ltr', textAnchor: (from === 'left') === !rtl ? 'start' : 'end' };
}

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
export function Timeline({ data, audience }: { data: Data; market: string; audience?: AudienceLanes | null }) {
  const { t, i18n } = useTranslation('sessions');
  const lang = i18n.language;
  const number = (n: number) => new Intl.NumberFormat(lang).format(n);
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
  // Lanes top to bottom; the audience ones once the sales review has answered.
  const lanes: { id: LaneId; y: number; h: number }[] = [];
  for (const id of [...eventLanes, ...(audience ? (['viewers', 'chat'] as const) : [])]) {
    const previous = lanes[lanes.length - 1];
    lanes.push({ id, y: previous ? previous.y + previous.h : axisHeight, h: id === 'viewers' || id === 'chat' ? audienceLaneHeight : laneHeight });
  }
  const bottom = lanes[lanes.length - 1]!.y + lanes[lanes.length - 1]!.h;
  const height = bottom + 4;
  const laneY = (i: number) => lanes[i]!.y;
  const lane = (id: LaneId) => lanes.find((l) => l.id === id)!;

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
      {/* Time runs left to right on every chart, in every UI language (labels are placed from the left). */}
      <svg className="timeline" direction="ltr" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('detail.timeline')} data-testid="timeline">
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={x(tick)} x2={x(tick)} y1={axisHeight - 4} y2={height} />
            <text x={x(tick)} y={14} textAnchor="middle">
              {formatClock(tick, i18n.language)}
            </text>
          </g>
        ))}
        {lanes.map((l) => (
          <g key={l.id}>
            <rect className="lane-bg" x={labelWidth} y={l.y + 2} width={width - labelWidth - 8} height={l.h - 4} />
            <text className="lane-label" x={6} y={l.y + l.h / 2 + 5} {...uiText(lang, 'left')}>
              {t(`timeline.${l.id}`)}
            </text>
          </g>
        ))}
        {data.gaps.map((gap) => (
          <g key={`${gap.kind}-${gap.from}`} className={`gap gap-${gap.kind}`} data-testid="timeline-gap" data-kind={gap.kind}>
            <rect x={x(gap.from)} y={axisHeight} width={Math.max(2, x(gap.to) - x(gap.from))} height={bottom - axisHeight}>
              <title>{`${t(`timeline.gap.${gap.kind}`)} · ${formatClock(gap.from, lang)}–${formatClock(gap.to, lang)} (${formatDuration(gap.to - gap.from)})`}</title>
            </rect>
          </g>
        ))}
        {bars(labelled.scenes, 0, 'bar-scene')}
        {bars(labelled.products, 1, 'bar-product')}
        {bars(labelled.deals, 2, 'bar-deal')}
        {audience && <ViewersLane points={audience.viewers} lane={lane('viewers')} x={x} number={number} t={t} lang={lang} />}
        {audience && <ChatLane minutes={audience.chatPerMinute} lane={lane('chat')} x={x} number={number} t={t} lang={lang} />}
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

interface LaneProps {
  lane: { y: number; h: number };
  x(at: number): number;
  number(n: number): string;
  t(key: string, options?: Record<string, unknown>): string;
  lang: string;
}

/** Concurrent viewers as an area, scaled to the session's peak (written at the lane's right end). */
function ViewersLane({ points, lane, x, number, t, lang }: LaneProps & { points: AudienceLanes['viewers'] }) {
  const top = lane.y + 6 + peakLabelRoom;
  const base = lane.y + lane.h - 3;
  if (points.length === 0) {
    return (
      <text className="lane-empty" x={labelWidth + 8} y={lane.y + lane.h / 2 + 4} {...uiText(lang, 'left')}>
        {t('timeline.noViewers')}
      </text>
    );
  }
  const peak = points.reduce((best, p) => (p.viewers > best.viewers ? p : best), points[0]!);
  const y = (v: number) => base - (peak.viewers > 0 ? (v / peak.viewers) * (base - top) : 0);
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${x(p.at).toFixed(1)} ${y(p.viewers).toFixed(1)}`).join(' ');
  const area = `${line} L ${x(points[points.length - 1]!.at).toFixed(1)} ${base} L ${x(points[0]!.at).toFixed(1)} ${base} Z`;
  return (
    <g className="lane-viewers" data-testid="timeline-viewers" data-points={points.length} data-peak={peak.viewers}>
      <path className="area" d={area} />
      <path className="line" d={line} />
      <text className="lane-peak" x={width - 12} y={top - 5} {...uiText(lang, 'right')}>
        {t('timeline.peakViewers', { value: number(peak.viewers), time: formatClock(peak.at, lang) })}
      </text>
      <title>{t('timeline.peakViewers', { value: number(peak.viewers), time: formatClock(peak.at, lang) })}</title>
    </g>
  );
}

/** Comments per minute as bars, scaled to the busiest minute. */
function ChatLane({ minutes, lane, x, number, t, lang }: LaneProps & { minutes: AudienceLanes['chatPerMinute'] }) {
  const top = lane.y + 6 + peakLabelRoom;
  const base = lane.y + lane.h - 3;
  if (minutes.length === 0) {
    return (
      <text className="lane-empty" x={labelWidth + 8} y={lane.y + lane.h / 2 + 4} {...uiText(lang, 'left')}>
        {t('timeline.noChat')}
      </text>
    );
  }
  const busiest = Math.max(1, ...minutes.map((m) => m.messages));
  const total = minutes.reduce((sum, m) => sum + m.messages, 0);
  return (
    <g className="lane-chat" data-testid="timeline-chat" data-minutes={minutes.length} data-total={total}>
      {minutes.map((m) => {
        const x1 = x(m.at);
        const h = (m.messages / busiest) * (base - top);
        return (
          <rect key={m.at} x={x1} y={base - h} width={Math.max(1.5, x(m.at + 60_000) - x1 - 1)} height={Math.max(h, m.messages > 0 ? 1 : 0)}>
            <title>{t('timeline.chatMinute', { count: m.messages, value: number(m.messages), time: formatClock(m.at, lang) })}</title>
          </rect>
        );
      })}
      <text className="lane-peak" x={width - 12} y={top - 5} {...uiText(lang, 'right')}>
        {t('timeline.chatBusiest', { value: number(busiest) })}
      </text>
    </g>
  );
}
