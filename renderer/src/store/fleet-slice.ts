import type { MethodInput } from '../../../electron/shared/contract';
import type { FleetStatus } from '../../../electron/shared/contract/fleet';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

/** The fleet sync as the host reports it (studio id, connection, state), kept current by `fleet.changed`. */
export interface FleetSlice {
  fleet: FleetStatus | null;
  loadFleet(): Promise<void>;
  configureFleet(input: MethodInput<'fleet.configure'>): Promise<FleetStatus>;
  /** Switches the Sessions page between this PC's log and the central store (a manager's login). */
  configureReview(input: MethodInput<'fleet.configureReview'>): Promise<FleetStatus>;
}

export const createFleetSlice =
  (client: HostClient): Slice<FleetSlice> =>
  (set) => ({
    fleet: null,
    async loadFleet() {
      set({ fleet: await client.call('fleet.status') });
    },
    async configureFleet(input) {
      const fleet = await client.call('fleet.configure', input);
      set({ fleet });
      return fleet;
    },
    async configureReview(input) {
      const fleet = await client.call('fleet.configureReview', input);
      set({ fleet });
      return fleet;
    },
  });

export const onFleetEvent: EventHandler = (event, set) => {
  if (event.name === 'fleet.changed') set({ fleet: event.payload });
};
