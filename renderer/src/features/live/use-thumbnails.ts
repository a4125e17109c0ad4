import { useEffect, useState } from 'react';
import { useStudio } from '../../store';

/**
 * Scene thumbnails from obs.screenshot: small JPEGs, one scene at a time, refreshed every few seconds
 * while OBS is connected. One request in flight at most, so thumbnails never compete with switching.
 */
export function useThumbnails(sceneNames: string[], connected: boolean, intervalMs = 4000): Record<string, string> {
  const screenshot = useStudio((s) => s.screenshot);
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const key = sceneNames.join('\n');

  useEffect(() => {
    if (!connected || sceneNames.length === 0) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const names = key.split('\n');
    const round = async () => {
      for (const sceneName of names) {
        if (cancelled) return;
        try {
          const shot = await screenshot({ sceneName, width: 192, format: 'jpg' });
          if (!cancelled) setThumbs((t) => ({ ...t, [sceneName]: shot.imageData }));
        } catch {
          // A scene removed meanwhile, or OBS gone: the next round tries again.
        }
      }
      if (!cancelled) timer = setTimeout(() => void round(), intervalMs);
    };
    void round();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, connected, screenshot, intervalMs]);

  return thumbs;
}

/** Seconds since `startedAt`, ticking once a second while set. */
export function useElapsed(startedAt: number | null): string {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  if (startedAt === null) return '';
  const total = Math.max(0, Math.floor((now - startedAt) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${h > 0 ? `${h}:` : ''}${two(m)}:${two(s)}`;
}
