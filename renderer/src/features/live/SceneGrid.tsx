import { useTranslation } from 'react-i18next';
import type { ObsSnapshot } from '../../../../electron/shared/contract/obs';
import { useShortcuts } from '../../app/use-shortcuts';
import { useStudio } from '../../store';
import { useRunAction } from '../../store/run-action';
import { useThumbnails } from './use-thumbnails';

/**
 * The scenes as big tiles: red tally on air (program), green in preview. A click (or keys 1-9) puts a
 * scene on air, or in preview when studio mode is on.
 */
export function SceneGrid({ obs }: { obs: ObsSnapshot }) {
  const { t } = useTranslation('live');
  const setProgramScene = useStudio((s) => s.setProgramScene);
  const setPreviewScene = useStudio((s) => s.setPreviewScene);
  const run = useRunAction();
  const connected = obs.connection.state === 'connected';
  const names = obs.scenes.map((s) => s.name);
  const thumbs = useThumbnails(names, connected);

  const choose = (sceneName: string) =>
    run(() => (obs.studioMode ? setPreviewScene(sceneName) : setProgramScene(sceneName)));

  useShortcuts('controlRoom', {
    'scene.choose': {
      perform: (e) => {
        const scene = names[Number(e.key) - 1];
        if (scene) choose(scene);
      },
      when: () => connected && names.length > 0,
    },
  });

  if (obs.scenes.length === 0) {
    return <p className="muted">{connected ? t('scenes.none') : t('scenes.notConnected')}</p>;
  }
  return (
    <ol className="scene-grid" data-testid="scene-grid">
      {obs.scenes.map((scene, i) => {
        const program = scene.name === obs.programScene;
        const preview = obs.studioMode && scene.name === obs.previewScene;
        const tally = program ? 'program' : preview ? 'preview' : 'idle';
        return (
          <li key={scene.name}>
            <button
              type="button"
              className={`scene-tile tally-${tally}${program && preview ? ' tally-also-preview' : ''}`}
              data-testid="scene-tile"
              data-scene={scene.name}
              data-tally={tally}
              data-preview={preview || undefined}
              aria-pressed={program || preview}
              disabled={!connected}
              onClick={() => choose(scene.name)}
              title={i < 9 ? t('scenes.keyHint', { key: i + 1 }) : undefined}
            >
              <span className="scene-thumb">
                {thumbs[scene.name] ? <img src={thumbs[scene.name]} alt="" /> : <span className="scene-thumb-empty" />}
                {(program || preview) && (
                  <span className="tally-labels">
                    {program && <span className="tally-label tally-label--program">{t('scenes.program')}</span>}
                    {preview && <span className="tally-label tally-label--preview">{t('scenes.preview')}</span>}
                  </span>
                )}
              </span>
              <span className="scene-name">
                {i < 9 && <kbd>{i + 1}</kbd>}
                {scene.name}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
