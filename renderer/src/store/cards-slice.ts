import type { EventPayload, MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { Deal } from '../../../electron/shared/contract/deals';
import type { Delivery } from '../../../electron/shared/contract/outputs';
import type { Rundown } from '../../../electron/shared/contract/rundown';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

type Pins = MethodOutput<'card.pin'>['pinned'];
type Outputs = MethodOutput<'outputs.list'>;
export type PinReminder = EventPayload<'platform.pinReminder'> & { at: number };

export interface CardsSlice {
  pins: Pins;
  deals: Deal[];
  rundown: Rundown | null;
  outputs: Outputs | null;
  deliveries: Delivery[];
  deliveriesPending: number;
  deliveriesFailed: number;
  /** Connection labels by id, for the deal panel's per-connection lines. */
  platformLabels: Record<string, string>;
  /** Latest pin reminders (pin the product in the platform's own console), newest first. */
  pinReminders: PinReminder[];
  retryPlatformPush(dealId: string, connectionId: string): Promise<void>;
  loadPlatformLabels(): Promise<void>;
  /** Done: the host pinned it in the platform's console; logged in the session (platform.pinDone). */
  dismissPinReminder(at: number, connectionId: string): Promise<void>;
  loadCards(): Promise<void>;
  pin(input: MethodInput<'card.pin'>): Promise<void>;
  unpin(): Promise<void>;
  createDeal(input: MethodInput<'deal.create'>): Promise<MethodOutput<'deal.create'>>;
  startDeal(input: MethodInput<'deal.start'>): Promise<MethodOutput<'deal.start'>>;
  endDeal(dealId: string): Promise<void>;
  cancelDeal(dealId: string): Promise<void>;
  sellDealUnit(dealId: string): Promise<void>;
  addRundownItem(input: MethodInput<'rundown.addItem'>): Promise<void>;
  updateRundownItem(input: MethodInput<'rundown.updateItem'>): Promise<void>;
  moveRundownItem(itemId: string, toIndex: number): Promise<void>;
  setCurrentRundownItem(itemId: string): Promise<MethodOutput<'rundown.setCurrent'>>;
  removeRundownItem(itemId: string): Promise<void>;
  retryDeliveries(): Promise<void>;
  loadDeliveries(): Promise<void>;
  loadDeals(): Promise<void>;
  loadPins(): Promise<void>;
  loadRundown(): Promise<void>;
  loadOutputs(): Promise<void>;
  /** The webhook signing secret: write-only, the host keeps it and only says whether one is set. */
  setWebhookSecret(secret: string): Promise<void>;
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
    platformLabels: {},
    pinReminders: [],
    async retryPlatformPush(dealId, connectionId) {
      await client.call('platform.retryPush', { dealId, connectionId });
      await get().loadDeals();
    },
    async loadPlatformLabels() {
      const { connections } = await client.call('platform.list');
      set({ platformLabels: Object.fromEntries(connections.map((c) => [c.id, c.label])) });
    },
    async dismissPinReminder(at, connectionId) {
      const reminder = get().pinReminders.find((r) => r.at === at && r.connectionId === connectionId);
      set({ pinReminders: get().pinReminders.filter((r) => r !== reminder) });
      if (reminder) await client.call('platform.pinDone', { connectionId, productId: reminder.productId });
    },
    async loadCards() {
      const [current, deals, rundown, outputs] = await Promise.all([
        client.call('card.current', {}),
        client.call('deal.list', { limit: 30 }),
        client.call('rundown.get', {}),
        client.call('outputs.list'),
      ]);
      set({ pins: current.pins, deals: deals.deals, rundown, outputs });
      await Promise.all([get().loadDeliveries(), get().loadPlatformLabels()]);
    },
    async pin(input) {
      const { pinned } = await client.call('card.pin', input);
      set({ pins: pinned });
    },
    async unpin() {
      await client.call('card.unpin', {});
      set({ pins: [] });
    },
    createDeal: (input) => client.call('deal.create', input),
    startDeal: (input) => client.call('deal.start', input),
    async endDeal(dealId) {
      await client.call('deal.end', { dealId });
    },
    async cancelDeal(dealId) {
      await client.call('deal.cancel', { dealId });
    },
    async sellDealUnit(dealId) {
      await client.call('deal.adjustStock', { dealId, sold: 1 });
    },
    async addRundownItem(input) {
      await client.call('rundown.addItem', input);
    },
    async updateRundownItem(input) {
      await client.call('rundown.updateItem', input);
    },
    async moveRundownItem(itemId, toIndex) {
      await client.call('rundown.move', { itemId, toIndex });
    },
    setCurrentRundownItem: (itemId) => client.call('rundown.setCurrent', { itemId }),
    async removeRundownItem(itemId) {
      await client.call('rundown.removeItem', { itemId });
    },
    async retryDeliveries() {
      await client.call('outbox.retry', {});
    },
    async loadDeals() {
      set({ deals: (await client.call('deal.list', { limit: 30 })).deals });
    },
    async loadPins() {
      set({ pins: (await client.call('card.current', {})).pins });
    },
    async loadRundown() {
      set({ rundown: await client.call('rundown.get', {}) });
    },
    async loadOutputs() {
      set({ outputs: await client.call('outputs.list') });
    },
    async setWebhookSecret(secret) {
      await client.call('webhook.setSecret', { secret });
      const outputs = get().outputs;
      if (outputs) set({ outputs: { ...outputs, webhookSecretSet: true } });
      else await get().loadOutputs().catch(() => {}); // saved either way; the page says "…" until the host answers
    },
    async loadDeliveries() {
      const { deliveries, pending, failed } = await client.call('outbox.list', { limit: 20 });
      set({ deliveries, deliveriesPending: pending, deliveriesFailed: failed });
    },
  });

export const onCardsEvent: EventHandler = (event, set, get) => {
  const state = get();
  if (dealEvents.has(event.name)) void state.loadDeals();
  else if (event.name === 'product.pinned' || event.name === 'product.unpinned') void state.loadPins();
  else if (event.name === 'rundown.changed') void state.loadRundown();
  else if (event.name === 'delivery.result') void state.loadDeliveries();
  else if (event.name === 'outputs.changed') void state.loadOutputs();
  else if (event.name === 'platform.pushed' && event.payload.dealId) void state.loadDeals();
  else if (event.name === 'platform.changed') void state.loadPlatformLabels();
  else if (event.name === 'platform.pinReminder') {
    set({ pinReminders: [{ ...event.payload, at: event.at }, ...state.pinReminders].slice(0, 5) });
  } else if (event.name === 'platform.pinDone') {
    // Done in another window (the host's prompter): the Live page drops the same reminder.
    const done = event.payload;
    set({ pinReminders: state.pinReminders.filter((r) => r.connectionId !== done.connectionId || r.productId !== done.productId) });
  }
};
