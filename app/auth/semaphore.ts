/**
 * Bounds concurrent work (bcrypt hashing): libuv has 4 threads by default, and letting
 * every login occupy one starves anything else that needs the pool. Waiters are served
 * in arrival order; a bounded queue turns overload into a fast, explicit refusal.
 */
export class SemaphoreFullError extends Error {
  override readonly name = 'SemaphoreFullError';
}

export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    readonly max: number,
    readonly maxQueue = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(max) || max < 1)
      throw new Error('Semaphore max must be a positive integer');
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  async use<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiters.length >= this.maxQueue)
      return Promise.reject(new SemaphoreFullError('too many queued'));
    // The slot is handed over directly by release(), so `active` never dips and refills.
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }
}
