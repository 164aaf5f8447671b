import { denylistKeys, type DenylistStore, type RevocationQuery } from './denylist.js';

/** Single-process denylist: fine for one replica or tests; replicas need Redis. */
export class MemoryDenylistStore implements DenylistStore {
  private readonly entries = new Map<string, { value: number; untilMs: number }>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.entries.size;
  }

  private put(key: string, value: number, untilSec: number): void {
    const untilMs = untilSec * 1000;
    if (untilMs <= this.now()) return;
    const current = this.live(key);
    this.entries.set(key, {
      value: Math.max(value, current?.value ?? value),
      untilMs: Math.max(untilMs, current?.untilMs ?? untilMs),
    });
    // Amortised sweep so a long-running process does not accumulate expired entries.
    if (++this.writes % 1024 === 0) this.sweep();
  }

  private live(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.untilMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.untilMs <= now) this.entries.delete(key);
  }

  async revokeToken(jti: string, untilSec: number): Promise<void> {
    this.put(denylistKeys.jti(jti), 1, untilSec);
  }

  async revokeDevice(sid: string, untilSec: number): Promise<void> {
    this.put(denylistKeys.sid(sid), 1, untilSec);
  }

  async revokeGenerationsBelow(sub: string, generation: number, untilSec: number): Promise<void> {
    this.put(denylistKeys.user(sub), generation, untilSec);
  }

  async isRevoked(q: RevocationQuery): Promise<boolean> {
    if (this.live(denylistKeys.jti(q.jti)) || this.live(denylistKeys.sid(q.sid))) return true;
    const user = this.live(denylistKeys.user(q.sub));
    return user !== undefined && q.gen < user.value;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
