import { events, type EventName, type EventPayload, type HostEvent } from '../shared/contract';

type Listener = (event: HostEvent) => void;

/**
 * The host's event bus. Features publish; transports, the session log and other features subscribe.
 * Payloads are validated against the contract when published, so a bad event fails where it was made,
 * not in a client far away. Listeners run synchronously and must stay cheap; a throwing listener is
 * reported and never stops the others.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly byName = new Map<EventName, Set<Listener>>();

  constructor(private readonly onListenerError: (error: unknown) => void = (e) => console.error(e)) {}

  publish<E extends EventName>(name: E, payload: EventPayload<E>, at: number = Date.now()): HostEvent<E> {
    const parsed = events[name].payload.parse(payload) as EventPayload<E>;
    const event: HostEvent<E> = { name, payload: parsed, at };
    for (const listener of this.listeners) this.call(listener, event);
    const named = this.byName.get(name);
    if (named) for (const listener of named) this.call(listener, event);
    return event;
  }

  /** Every event. Returns an unsubscribe function. */
  subscribeAll(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends EventName>(name: E, listener: (event: HostEvent<E>) => void): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  private call(listener: Listener, event: HostEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
