import type { TestHost } from '../../support/host';

export { recordEvents, waitFor } from '../../support/events';

export async function connectionState(host: TestHost): Promise<string> {
  return (await host.call('obs.getStatus')).connection.state;
}
