/** Whether the service should receive traffic; /readyz reports it. */
export class Readiness {
  #shuttingDown = false;
  #checks = new Map<string, () => boolean>();

  /** Registers a dependency that must be healthy for the service to be ready. */
  add(name: string, check: () => boolean): void {
    this.#checks.set(name, check);
  }

  /** Called first on SIGTERM, so load balancers stop routing here while requests drain. */
  markShuttingDown(): void {
    this.#shuttingDown = true;
  }

  state(): { ready: boolean; status: string; checks: Record<string, boolean> } {
    const checks = Object.fromEntries([...this.#checks].map(([name, check]) => [name, check()]));
    if (this.#shuttingDown) return { ready: false, status: 'shutting down', checks };
    const ready = Object.values(checks).every(Boolean);
    return { ready, status: ready ? 'ok' : 'not ready', checks };
  }
}
