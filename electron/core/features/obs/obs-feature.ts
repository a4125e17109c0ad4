import type { Feature, HostContext } from '../../context';
import type { ObsGateway } from '../gateways';
import { ObsController } from './obs-controller';

/** OBS control; what other features may use of it is its ObsGateway (features/gateways.ts). */
export function obsFeature(ctx: HostContext): Feature & ObsGateway {
  const obs = new ObsController(ctx);
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'obs',
    request: (requestType, requestData) => obs.request(requestType, requestData),
    isConnected: () => obs.connection.isConnected(),
    onConnected: (listener) => obs.onConnected(listener),
    async start() {
      await obs.passwords.load();
      if (obs.passwords.loadProblem) ctx.reportError('obs', 'password', obs.passwords.loadProblem);
      unsubscribe = ctx.bus.on('settings.changed', () => obs.onSettingsChanged());
      // Never wait for OBS here: the host must start whether or not OBS is running.
      if (ctx.settings.section('obs').autoConnect) obs.startFromSettings();
    },
    async stop() {
      unsubscribe?.();
      await obs.stop();
    },
    handlers: {
      'obs.connect': (input) => obs.connect(input),
      'obs.setPassword': (input) => obs.setPassword(input.password, input.remember),
      'obs.disconnect': () => obs.disconnect(),
      'obs.getStatus': () => obs.status(),
      'obs.listScenes': () => obs.listScenes(),
      'obs.setProgramScene': (input) => obs.setProgramScene(input.sceneName),
      'obs.setPreviewScene': (input) => obs.setPreviewScene(input.sceneName),
      'obs.setStudioMode': (input) => obs.setStudioMode(input.enabled),
      'obs.transition': (input) => obs.transition(input),
      'obs.putSceneOnAir': (input) => obs.putSceneOnAir(input.sceneName),
      'obs.listSceneItems': (input) => obs.listSceneItems(input.sceneName),
      'obs.setSceneItemVisible': (input) => obs.setSceneItemVisible(input),
      'obs.startStream': async () => (await obs.output('stream', 'start'), { ok: true as const }),
      'obs.stopStream': async () => (await obs.output('stream', 'stop'), { ok: true as const }),
      'obs.startRecord': async () => (await obs.output('record', 'start'), { ok: true as const }),
      'obs.stopRecord': async () => {
        const answer = await obs.output('record', 'stop');
        return { path: answer.outputPath ?? null };
      },
      'obs.screenshot': (input) => obs.screenshot(input),
    },
  };
}
