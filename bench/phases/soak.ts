/**
 * Phase `soak`: resident memory of a server under sustained load. A fresh (b) stack and a
 * fresh full app on PGlite each take `seconds` of mixed load (every connection alternates
 * the benchmarked GET and POST, at the bench's connection count); VmRSS of the server
 * process is read at start (ready, and seeded for the app), every second during the soak,
 * and right after it, and VmHWM (the kernel's peak) at the end.
 */
import type { Sample } from '../report.js';
import { loadMixed } from '../load.js';
import { procMemoryMb } from '../measure.js';
import type { AnyStackId, RunningStack } from '../processes.js';

export interface SoakOptions {
  seconds: number;
  connections: number;
}

export interface SoakResult extends Sample {
  stack: AnyStackId;
  seconds: number;
  rssStartMb: number;
  rssAfterMb: number;
  /** Largest VmRSS of the once-a-second samples during the soak. */
  rssMaxSampledMb: number;
  /** VmHWM at the end: the peak since the process started, start-up included. */
  hwmMb: number;
}

export async function soakOne(s: RunningStack, o: SoakOptions): Promise<SoakResult> {
  const rssStartMb = await procMemoryMb(s.pid);
  let rssMaxSampledMb = rssStartMb;
  const timer = setInterval(() => {
    procMemoryMb(s.pid).then(
      (mb) => (rssMaxSampledMb = Math.max(rssMaxSampledMb, mb)),
      () => {},
    );
  }, 1000);
  let sample: Sample;
  try {
    sample = await loadMixed(s, { connections: o.connections, duration: o.seconds });
  } finally {
    clearInterval(timer);
  }
  const rssAfterMb = await procMemoryMb(s.pid);
  return {
    stack: s.id,
    seconds: o.seconds,
    ...sample,
    rssStartMb,
    rssAfterMb,
    rssMaxSampledMb: Math.max(rssMaxSampledMb, rssAfterMb),
    hwmMb: await procMemoryMb(s.pid, 'VmHWM'),
  };
}

/** The soaked stacks one after the other, each freshly started and stopped afterwards. */
export async function soakPhase(
  ids: AnyStackId[],
  o: SoakOptions,
  start: (id: AnyStackId) => Promise<RunningStack>,
  log: (line: string) => void,
): Promise<SoakResult[]> {
  const results: SoakResult[] = [];
  for (const id of ids) {
    const s = await start(id);
    try {
      log(`soak ${id}: ${o.seconds} s mixed GET/POST, ${o.connections} connections…`);
      const r = await soakOne(s, o);
      log(`soak ${id}: RSS ${r.rssStartMb} → ${r.rssAfterMb} MiB (peak ${r.hwmMb} MiB)`);
      results.push(r);
    } finally {
      await s.stop();
    }
  }
  return results;
}
