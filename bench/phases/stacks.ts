/**
 * Phases `stacks` and `app`: the peer stacks (a b b2 c d e, same in-memory handler) and the
 * full app (on PGlite, on PostgreSQL) in the same interleaved rounds on the same two
 * requests. First the fairness corpus goes to every stack; then optional warm-up; then
 * rounds (every stack once per endpoint per round, in order, so drift in machine load hits
 * all alike); medians over rounds are reported.
 */
import { corpus, statusClass, validJob, type CorpusCase } from '../corpus.js';
import { endpoints, load, median, type LoadOptions } from '../load.js';
import type { AnyStackId, RunningStack } from '../processes.js';
import type { FairnessRow, Sample, StackResult, Verdicts } from '../report.js';

export interface RoundsOptions extends LoadOptions {
  rounds: number;
  /** Seconds of untimed load per stack and endpoint before the first round (not with amount). */
  warmup: number;
}

/** A token with one signature character changed. */
export function tamper(token: string): string {
  const i = token.lastIndexOf('.') + 5;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

/** The corpus request as `s` gets it: its own token, its own company in the bodies. */
function requestFor(c: CorpusCase, s: RunningStack): RequestInit {
  const headers: Record<string, string> = {};
  if (c.token !== 'none')
    headers.authorization = `Bearer ${c.token === 'valid' ? s.token : tamper(s.token)}`;
  if (c.contentType) headers['content-type'] = c.contentType;
  return {
    method: c.method,
    headers,
    ...(c.body === undefined ? {} : { body: c.body.replaceAll(validJob.companyId, s.companyId) }),
  };
}

export async function fairness(stacks: RunningStack[]): Promise<FairnessRow[]> {
  const rows: FairnessRow[] = [];
  for (const c of corpus) {
    const statuses: FairnessRow['statuses'] = {};
    for (const s of stacks) {
      const res = await fetch(`http://127.0.0.1:${s.port}${c.path}`, requestFor(c, s));
      await res.arrayBuffer();
      statuses[s.id] = res.status;
    }
    rows.push({ case: c.id, expect: c.expect, statuses });
  }
  return rows;
}

/** Per stack: the corpus cases it answered with another class than the spec calls for. */
export function verdicts(rows: FairnessRow[], ids: AnyStackId[]): Verdicts {
  return Object.fromEntries(
    ids.map((id) => {
      const off = rows.filter((r) => statusClass(r.statuses[id] ?? 0) !== r.expect);
      return [
        id,
        {
          laxer: off.filter((r) => statusClass(r.statuses[id] ?? 0) === '2xx').map((r) => r.case),
          otherwise: off
            .filter((r) => statusClass(r.statuses[id] ?? 0) !== '2xx')
            .map((r) => `${r.case} → ${r.statuses[id]}`),
        },
      ];
    }),
  );
}

export async function rounds(
  running: RunningStack[],
  o: RoundsOptions,
  log: (line: string) => void,
): Promise<StackResult[]> {
  if (o.warmup > 0 && !o.amount) {
    log(`warm-up ${o.warmup} s per stack and endpoint…`);
    for (const s of running)
      for (const e of endpoints) await load(s, e, { ...o, duration: o.warmup });
  }
  const samples: Record<string, Sample[]> = {};
  for (let round = 1; round <= o.rounds; round++) {
    for (const e of endpoints) {
      for (const s of running) {
        const sample = await load(s, e, o);
        (samples[`${s.id} ${e}`] ??= []).push(sample);
        log(
          `round ${round} ${e} ${s.id}: ${sample.rps.toFixed(0)} req/s, p50 ${sample.p50} ms` +
            (sample.non2xx || sample.errors
              ? `, ${sample.non2xx} non-2xx, ${sample.errors} errors`
              : ''),
        );
      }
    }
  }
  return running.flatMap(({ id }) =>
    endpoints.map((endpoint) => {
      const xs = samples[`${id} ${endpoint}`] ?? [];
      return {
        stack: id,
        endpoint,
        rps: median(xs.map((x) => x.rps)),
        p50: median(xs.map((x) => x.p50)),
        p99: median(xs.map((x) => x.p99)),
        requests: xs.reduce((n, x) => n + x.requests, 0),
        non2xx: xs.reduce((n, x) => n + x.non2xx, 0),
        errors: xs.reduce((n, x) => n + x.errors, 0),
        rounds: xs.map((x) => Math.round(x.rps)),
        cpuUs: xs.every((x) => x.cpuUs !== null) ? median(xs.map((x) => x.cpuUs!)) : null,
      };
    }),
  );
}

/** Starts every stack (in parallel), checks fairness, runs the rounds, stops them all. */
export async function stacksPhase(
  ids: AnyStackId[],
  start: (id: AnyStackId) => Promise<RunningStack>,
  o: RoundsOptions,
  log: (line: string) => void,
  /** Sees the fairness rows before any timing starts (the bench prints them). */
  onFairness: (rows: FairnessRow[]) => void = () => {},
) {
  log(`starting ${ids.length} stacks (one process each)…`);
  const settled = await Promise.allSettled(ids.map(start));
  const running = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    if (failed.length) throw new Error(failed.join('\n'));
    log('fairness check…');
    const rows = await fairness(running);
    onFairness(rows);
    return {
      fairness: rows,
      verdicts: verdicts(rows, ids),
      results: await rounds(running, o, log),
    };
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
}
