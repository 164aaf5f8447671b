import { describe, expect, it } from 'vitest';
import { Semaphore, SemaphoreFullError } from './semaphore.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('Semaphore', () => {
  it('never runs more than max at once and serves waiters in order', async () => {
    const gate = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const tasks = Array.from({ length: 6 }, (_, i) =>
      gate.use(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((r) => releases.push(r));
        running--;
      }),
    );
    await tick();
    expect(gate.running).toBe(2);
    expect(gate.queued).toBe(4);
    while (releases.length > 0 || order.length < 6) {
      releases.shift()?.();
      await tick();
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(gate.running).toBe(0);
  });

  it('releases the slot when the task throws', async () => {
    const gate = new Semaphore(1);
    await expect(gate.use(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.use(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('refuses beyond the queue bound', async () => {
    const gate = new Semaphore(1, 1);
    let release!: () => void;
    const first = gate.use(() => new Promise<void>((r) => (release = r)));
    const second = gate.use(() => Promise.resolve());
    await expect(gate.use(() => Promise.resolve())).rejects.toBeInstanceOf(SemaphoreFullError);
    release();
    await Promise.all([first, second]);
  });

  it.each([0, -1, 1.5])('rejects max=%s', (max) => {
    expect(() => new Semaphore(max)).toThrow();
  });
});
