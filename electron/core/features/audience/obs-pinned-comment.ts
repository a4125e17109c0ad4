import type { PinnedComment } from '../../../shared/contract/audience';
import type { ObsGateway } from '../gateways';

/** The OBS text source that shows the pinned comment (OBS input names are global). */
export const pinnedCommentSourceName = 'Broadcart comment';

/** What the text source shows: the author's display name, then the comment (never an id or key). */
export function pinnedCommentText(comment: PinnedComment | null): string {
  return comment ? `${comment.authorName}\n${comment.text}` : '';
}

/**
 * The pinned comment on the OBS scene, for streams that do not use the overlay page: a text source
 * "Broadcart comment" (text_ft2_source_v2, in every OBS build) created in the current program scene the
 * first time a comment is pinned, then only its text changes and it is shown or hidden, so wherever the
 * user moved or resized it, it stays. A fresh OBS or a reconnect gets the comment pinned now. Updates run
 * one after another, the last state wins.
 */
export class ObsPinnedComment {
  private chain: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly obs: ObsGateway,
    private readonly current: () => PinnedComment | null,
    private readonly reportError: (message: string) => void,
  ) {}

  start(): void {
    this.unsubscribe = this.obs.onConnected(() => void this.show(this.current()));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Resolves once OBS shows `comment` (or nothing); does nothing while OBS is not connected. */
  show(comment: PinnedComment | null): Promise<void> {
    const run = this.chain.then(() => this.sync(comment));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every update asked for so far is done (tests). */
  idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  private async sync(comment: PinnedComment | null): Promise<void> {
    if (!this.obs.isConnected()) return;
    try {
      const { inputs } = await this.obs.request<{ inputs: { inputName: string }[] }>('GetInputList');
      const exists = inputs.some((i) => i.inputName === pinnedCommentSourceName);
      // Nothing pinned and no source yet: leave the user's scenes alone.
      if (!exists && !comment) return;
      const { currentProgramSceneName: scene } = await this.obs.request<{ currentProgramSceneName: string }>('GetCurrentProgramScene');
      const text = pinnedCommentText(comment);
      if (!exists) {
        const video = await this.obs.request<{ baseWidth: number; baseHeight: number }>('GetVideoSettings');
        const { sceneItemId } = await this.obs.request<{ sceneItemId: number }>('CreateInput', {
          sceneName: scene,
          inputName: pinnedCommentSourceName,
          inputKind: 'text_ft2_source_v2',
          inputSettings: {
            text,
            font: { face: 'DejaVu Sans', size: Math.max(12, Math.round(video.baseHeight * 0.04)), style: 'Bold', flags: 1 },
            color1: 0xffffffff,
            color2: 0xffffffff,
            outline: true,
            word_wrap: true,
            custom_width: Math.round(video.baseWidth * 0.6),
          },
          sceneItemEnabled: true,
        });
        // Top left: the product card takes the bottom of the picture.
        await this.obs.request('SetSceneItemTransform', {
          sceneName: scene,
          sceneItemId,
          sceneItemTransform: { positionX: Math.round(video.baseWidth * 0.03), positionY: Math.round(video.baseHeight * 0.05) },
        });
        return;
      }
      await this.obs.request('SetInputSettings', { inputName: pinnedCommentSourceName, inputSettings: { text }, overlay: true });
      const sceneItemId = await this.sceneItemIn(scene, comment !== null);
      if (sceneItemId !== null) await this.obs.request('SetSceneItemEnabled', { sceneName: scene, sceneItemId, sceneItemEnabled: comment !== null });
    } catch (error) {
      this.reportError(`The pinned comment could not be shown in OBS: ${(error as Error).message}`);
    }
  }

  /** The source's item in the program scene; added there when a comment is pinned and the scene lacks it. */
  private async sceneItemIn(scene: string, addIfMissing: boolean): Promise<number | null> {
    try {
      return (await this.obs.request<{ sceneItemId: number }>('GetSceneItemId', { sceneName: scene, sourceName: pinnedCommentSourceName })).sceneItemId;
    } catch {
      if (!addIfMissing) return null;
      return (await this.obs.request<{ sceneItemId: number }>('CreateSceneItem', { sceneName: scene, sourceName: pinnedCommentSourceName })).sceneItemId;
    }
  }
}
