import { events, scopeAllows, type EventName, type EventPayload, type HostEvent, type Scope } from '../../shared/contract';
import type { EventBus } from '../bus';

/** Coalesced events reach a subscriber at most once per this interval (about one rendered frame). */
export const coalesceIntervalMs = 16;

/** One receiver of host events: a WebSocket client, an Electron window. */
export interface EventSubscriber {
  /** The token scope (WebSocket) or page scope (window): events outside it are never delivered. */
  readonly scope: Scope;
  /** The id its calls carry (CallContext.clientId): what `narrow` names it by. */
  readonly clientId?: string;
  deliver(event: HostEvent): void;
}

/** Which events of one name a subscriber still wants (see EventFanout.narrow). */
export type EventNarrowing<N extends EventName = EventName> = (payload: EventPayload<N>) => boolean;

/**
 * The one place host events leave the core, whatever the transport. Each subscriber gets only the events
 * its scope allows, and events marked `coalesce` in the contract (a prompter position, OBS health) at most
 * once per frame, latest value only, so a slow window or device never falls behind on high-rate state.
 */
export class EventFanout {
  private readonly subscribers = new Set<Subscription>();
  private unsubscribeBus: (() => void) | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly intervalMs = coalesceIntervalMs,
  ) {}

  /** Starts listening to the bus (idempotent). */
  start(): void {
    this.unsubscribeBus ??= this.bus.subscribeAll((event) => this.publish(event));
  }

  stop(): void {
    this.unsubscribeBus?.();
    this.unsubscribeBus = null;
    for (const subscription of this.subscribers) subscription.dispose();
    this.subscribers.clear();
  }

  /** Returns the unsubscribe function; pending coalesced events of that subscriber are dropped. */
  subscribe(subscriber: EventSubscriber): () => void {
    const subscription = new Subscription(subscriber, this.intervalMs);
    this.subscribers.add(subscription);
    return () => {
      subscription.dispose();
      this.subscribers.delete(subscription);
    };
  }

  /**
   * From now on the subscriber with this client id hears events of this name only when `accepts` says so
   * (null: all of them again). A co-host lane asks for the questions in its language instead of the whole
   * chat: under a burst of hundreds of comments a second, a tablet on Wi-Fi then receives a few. The
   * narrowing lives and ends with the subscription (a reconnected client asks again). False when no
   * subscriber has that id.
   */
  narrow<N extends EventName>(clientId: string, name: N, accepts: EventNarrowing<N> | null): boolean {
    let found = false;
    for (const subscription of this.subscribers) {
      if (subscription.subscriber.clientId !== clientId) continue;
      subscription.narrow(name, accepts as EventNarrowing | null);
      found = true;
    }
    return found;
  }

  private publish(event: HostEvent): void {
    const spec = events[event.name];
    for (const subscription of this.subscribers) {
      if (scopeAllows(spec, subscription.subscriber.scope)) subscription.offer(event, spec.coalesce === true);
    }
  }
}

class Subscription {
  private readonly pending = new Map<string, HostEvent>();
  private readonly narrowings = new Map<EventName, EventNarrowing>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly subscriber: EventSubscriber,
    private readonly intervalMs: number,
  ) {}

  narrow(name: EventName, accepts: EventNarrowing | null): void {
    if (accepts) this.narrowings.set(name, accepts);
    else this.narrowings.delete(name);
  }

  offer(event: HostEvent, coalesce: boolean): void {
    const accepts = this.narrowings.size > 0 ? this.narrowings.get(event.name) : undefined;
    if (accepts && !accepts(event.payload)) return;
    if (!coalesce) {
      this.subscriber.deliver(event);
      return;
    }
    this.pending.set(event.name, event);
    this.flushTimer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.pending.clear();
  }

  private flush(): void {
    this.flushTimer = null;
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const event of due) this.subscriber.deliver(event);
  }
}
