import type { MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { Deal } from '../../../electron/shared/contract/deals';
import type { Delivery } from '../../../electron/shared/contract/outputs';
import type { Rundown } from '../../../electron/shared/contract/rundown';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

type Pins = MethodOutput<'card.pin'>['pinned'];
type Outputs = MethodOutput<'outputs.list'>;

export interface CardsSlice {
  pins: Pins;
  deals: Deal[];
  rundown: Rundown | null;
  outputs: Outputs | null;
  deliveries: Delivery[];
  deliveriesPending: number;
  deliveriesFailed: number;
  loadCards(): Promise<void>;
  pin(input: MethodInput<'card.pin'>): Promise<void>;
  unpin(): Promise<void>;
  call<M extends Parameters<HostClient['call']>[0]>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  loadDeliveries(): Promise<void>;
}

const dealEvents = new Set(['deal.created', 'deal.countdown', 'deal.started', 'deal.ended', 'deal.soldOut', 'deal.cancelled', 'deal.stock.changed']);

export const createCardsSlice =
  (client: HostClient): Slice<CardsSlice> =>
  (set, get) => ({
    pins: [],
    deals: [],
    rundown: null,
    outputs: null,
    deliveries: [],
    deliveriesPending: 0,
    deliveriesFailed: 0,
    async loadCards() {
      const [current, deals, rundown, outputs] = await Promise.all([
        client.call('card.current', {}),
        client.call('deal.list', { limit: 30 }),
        client.call('rundown.get', {}),
        client.call('outputs.list'),
      ]);
      set({ pins: current.pins, deals: deals.deals, rundown, outputs });
      await get().loadDeliveries();
    },
    async pin(input) {
      const { pinned } = await client.call('card.pin', input);
      set({ pins: pinned });
    },
    async unpin() {
      await client.call('card.unpin', {});
      set({ pins: [] });
    },
    call: (method, input) => client.call(method, input),
    async loadDeliveries() {
      const { deliveries, pending, failed } = await client.call('outbox.list', { limit: 20 });
      set({ deliveries, deliveriesPending: pending, deliveriesFailed: failed });
    },
  });

export const onCardsEvent: EventHandler = (event, set, get) => {
  const state = get();
  if (typeof state.loadCards !== 'function') return;
  if (dealEvents.has(event.name)) {
    void state.call('deal.list', { limit: 30 }).then(({ deals }) => set({ deals }));
  } else if (event.name === 'product.pinned' || event.name === 'product.unpinned') {
    void state.call('card.current', {}).then(({ pins }) => set({ pins }));
  } else if (event.name === 'rundown.changed') {
    void state.call('rundown.get', {}).then((rundown) => set({ rundown }));
  } else if (event.name === 'delivery.result') {
    void state.loadDeliveries();
  } else if (event.name === 'outputs.changed') {
    void state.call('outputs.list').then((outputs) => set({ outputs }));
  }
};
