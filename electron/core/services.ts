/**
 * A part of the host with a lifecycle. Services start in the order they are registered and stop in
 * reverse, so a service may rely on everything registered before it (the database before the features
 * that use it, the features before the server that exposes them).
 */
export interface Service {
  readonly name: string;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

export class ServiceRegistry {
  private readonly services: Service[] = [];
  private readonly started: Service[] = [];

  add<S extends Service>(service: S): S {
    this.services.push(service);
    return service;
  }

  async startAll(): Promise<void> {
    for (const service of this.services) {
      try {
        await service.start?.();
      } catch (error) {
        // Leave nothing half-started: stop what already runs, then report which service failed.
        await this.stopAll();
        throw error;
      }
      this.started.push(service);
    }
  }

  /** Stops started services in reverse order; one failing to stop does not keep the others running. */
  async stopAll(): Promise<Error[]> {
    const failures: Error[] = [];
    while (this.started.length > 0) {
      const service = this.started.pop()!;
      try {
        await service.stop?.();
      } catch (error) {
        failures.push(new Error(`${service.name} did not stop cleanly: ${String(error)}`));
      }
    }
    return failures;
  }

  names(): string[] {
    return this.services.map((s) => s.name);
  }
}
