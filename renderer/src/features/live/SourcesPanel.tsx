import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/shared/contract';
import type { ObsSnapshot } from '../../../../electron/shared/contract/obs';
import { useStudio } from '../../store';
import { useRunAction } from '../../store/run-action';
import { sourceKindKey } from './source-kinds';

type Items = MethodOutput<'obs.listSceneItems'>['items'];

/** Show/hide toggles for the sources of the scene being worked on (preview in studio mode, else program). */
export function SourcesPanel({ obs }: { obs: ObsSnapshot }) {
  const { t } = useTranslation('live');
  const listSceneItems = useStudio((s) => s.listSceneItems);
  const setSceneItemVisible = useStudio((s) => s.setSceneItemVisible);
  const run = useRunAction();
  const sceneName = (obs.studioMode ? obs.previewScene : null) ?? obs.programScene;
  const connected = obs.connection.state === 'connected';
  const [items, setItems] = useState<Items>([]);
  // Reload when OBS reports a change in this scene (from the app or from OBS itself).
  const itemsVersion = useStudio((s) => (sceneName ? (s.sceneItemVersions[sceneName] ?? 0) : 0));

  const load = useCallback(() => {
    if (!sceneName || !connected) return setItems([]);
    listSceneItems(sceneName)
      .then((answer) => answer.sceneName === sceneName && setItems(answer.items))
      .catch(() => setItems([]));
  }, [sceneName, connected, listSceneItems]);

  useEffect(load, [load, itemsVersion]);

  return (
    <section className="panel" data-testid="sources-panel">
      <h2>{sceneName ? t('sources.title', { scene: sceneName }) : t('sources.titleNoScene')}</h2>
      {items.length === 0 ? (
        // Without OBS there is no scene to list: say what to do, not that the scene is empty.
        <p className="muted" data-testid="sources-empty">
          {connected ? t('sources.none') : t('sources.offline')}
        </p>
      ) : (
        <ul className="source-list">
          {items.map((item) => (
            <li key={item.id}>
              <label className="switch">
                <input
                  type="checkbox"
                  data-testid="source-toggle"
                  data-source={item.sourceName}
                  checked={item.visible}
                  disabled={!connected}
                  onChange={(e) => {
                    const visible = e.target.checked;
                    setItems((list) => list.map((i) => (i.id === item.id ? { ...i, visible } : i)));
                    run(() => setSceneItemVisible({ sceneName: sceneName!, sceneItemId: item.id, visible }));
                  }}
                />
                <span>{item.sourceName}</span>
              </label>
              <span className="muted small source-kind" title={item.inputKind ?? undefined} data-testid="source-kind">
                {t(sourceKindKey(item.inputKind) ?? 'sources.kindOther')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
