import { useTranslation } from 'react-i18next';
import type { ObsSnapshot } from '../../../../electron/shared/contract/obs';
import { useStudio } from '../../store';

function formatRate(bytesPerSec: number): string {
  const kbps = (bytesPerSec * 8) / 1000;
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mb/s` : `${Math.round(kbps)} kb/s`;
}

/** The last health sample at a glance, with metrics over their alarm threshold in warning colours. */
export function HealthBar({ obs }: { obs: ObsSnapshot }) {
  const { t } = useTranslation('live');
  const settings = useStudio((s) => s.settings?.obs);
  const alarms = useStudio((s) => s.obsAlarms);
  const dismiss = useStudio((s) => s.dismissObsAlarms);
  // The host clears health when the link drops; the check here also covers a snapshot taken in between.
  const connected = obs.connection.state === 'connected';
  const h = connected ? obs.health : null;
  const skippedLimit = settings?.skippedFramesAlarmPct ?? 0.3;
  const droppedLimit = settings?.droppedFramesAlarmPct ?? 0.1;
  const cells: { key: string; label: string; value: string; bad?: boolean }[] = h
    ? [
        { key: 'fps', label: t('health.fps'), value: h.fps.toFixed(0) },
        { key: 'cpu', label: t('health.cpu'), value: `${h.cpuPct.toFixed(1)}%` },
        { key: 'render', label: t('health.renderSkipped'), value: `${h.renderSkippedPct.toFixed(2)}%`, bad: h.renderSkippedPct > skippedLimit },
        { key: 'output', label: t('health.outputSkipped'), value: `${h.outputSkippedPct.toFixed(2)}%`, bad: h.outputSkippedPct > skippedLimit },
        { key: 'dropped', label: t('health.dropped'), value: `${h.droppedPct.toFixed(2)}%`, bad: h.droppedPct > droppedLimit },
        { key: 'congestion', label: t('health.congestion'), value: `${Math.round(h.congestion * 100)}%`, bad: h.congestion > 0.5 },
        { key: 'bitrate', label: t('health.bitrate'), value: h.streaming ? formatRate(h.bytesPerSec) : '—' },
      ]
    : [];
  return (
    <section className="panel health" data-testid="health-bar">
      <div className="health-cells">
        {cells.length === 0 && (
          <span className="muted" data-testid="health-empty">
            {connected ? t('health.waiting') : t('health.noObs')}
          </span>
        )}
        {cells.map((c) => (
          <div key={c.key} className={`health-cell ${c.bad ? 'bad' : ''}`} data-testid={`health-${c.key}`}>
            <span className="health-label">{c.label}</span>
            <span className="health-value">{c.value}</span>
          </div>
        ))}
      </div>
      {alarms.length > 0 && (
        <div className="health-alarms" role="alert" data-testid="health-alarms">
          <strong>{t('health.alarm')}</strong>
          <span>
            {t(`health.metric.${alarms[0]!.metric}`)}: {alarms[0]!.valuePct.toFixed(2)}% &gt; {alarms[0]!.thresholdPct}%
            {alarms.length > 1 && ` (+${alarms.length - 1})`}
          </span>
          <button type="button" onClick={dismiss}>
            {t('health.dismiss')}
          </button>
        </div>
      )}
    </section>
  );
}
