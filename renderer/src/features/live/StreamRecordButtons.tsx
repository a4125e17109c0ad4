import { useTranslation } from 'react-i18next';
import type { ObsSnapshot } from '../../../../electron/shared/contract/obs';
import { useStudio } from '../../store';
import { useRunAction } from '../../store/run-action';
import { useElapsed } from './use-thumbnails';

/** Stream and record buttons with their state and elapsed time. */
export function StreamRecordButtons({ obs }: { obs: ObsSnapshot }) {
  const { t } = useTranslation('live');
  const setStreaming = useStudio((s) => s.setStreaming);
  const setRecording = useStudio((s) => s.setRecording);
  const run = useRunAction();
  const connected = obs.connection.state === 'connected';
  const streamTime = useElapsed(obs.stream.state === 'started' ? obs.stream.startedAt : null);
  const recordTime = useElapsed(obs.record.state === 'started' || obs.record.state === 'paused' ? obs.record.startedAt : null);
  const streaming = obs.stream.state === 'started' || obs.stream.state === 'starting';
  const recording = obs.record.state === 'started' || obs.record.state === 'starting' || obs.record.state === 'paused';

  return (
    <div className="outputs">
      <button
        type="button"
        data-testid="stream-button"
        data-state={obs.stream.state}
        className={`output-button ${streaming ? 'on-air' : ''}`}
        disabled={!connected || obs.stream.state === 'stopping'}
        onClick={() => run(() => setStreaming(!streaming))}
      >
        <span className="output-label">{streaming ? t('outputs.stopStream') : t('outputs.startStream')}</span>
        <span className="output-status">
          {obs.stream.reconnecting ? t('outputs.reconnecting') : t(`outputs.state.${obs.stream.state}`)} {streamTime}
        </span>
      </button>
      <button
        type="button"
        data-testid="record-button"
        data-state={obs.record.state}
        className={`output-button ${recording ? 'recording' : ''}`}
        disabled={!connected || obs.record.state === 'stopping'}
        onClick={() => run(() => setRecording(!recording))}
      >
        <span className="output-label">{recording ? t('outputs.stopRecord') : t('outputs.startRecord')}</span>
        <span className="output-status">
          {t(`outputs.state.${obs.record.state}`)} {recordTime}
        </span>
      </button>
    </div>
  );
}
