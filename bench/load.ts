/**
 * autocannon runs in the bench parent against one stack on loopback: the two benchmarked
 * requests, and the mixed GET/POST load of the soak phase.
 */
import autocannon from 'autocannon';
import { GET_PATH } from './corpus.js';
import { procCpuMicros } from './measure.js';
import type { Sample } from './report.js';

export type Endpoint = 'GET /api/v1/jobs' | 'POST /api/v1/jobs';
export const endpoints: Endpoint[] = ['GET /api/v1/jobs', 'POST /api/v1/jobs'];

/** What a running stack needs from the caller to be loaded: where, and who is calling. */
export interface LoadTarget {
  port: number;
  /** The server process, whose CPU time per request is measured when given. */
  pid?: number;
  /** An access token the stack accepts for POST /api/v1/jobs. */
  token: string;
  /** A `JobCreate` body the stack accepts (the full app needs a company the caller owns). */
  jobBody: string;
}

export interface LoadOptions {
  connections: number;
  /** Seconds of load; ignored when `amount` is set. */
  duration?: number;
  /** A fixed number of requests instead (smoke runs). */
  amount?: number;
}

const postRequest = (t: LoadTarget) => ({
  method: 'POST' as const,
  path: '/api/v1/jobs',
  headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
  body: t.jobBody,
});

function sample(result: autocannon.Result, cpu: number | null = null): Sample {
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    cpuUs: cpu === null || result.requests.total === 0 ? null : cpu / result.requests.total,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const span = (o: LoadOptions) => (o.amount ? { amount: o.amount } : { duration: o.duration ?? 1 });

/** One endpoint, `connections` keep-alive connections, for `duration` s or `amount` requests. */
export async function load(t: LoadTarget, endpoint: Endpoint, o: LoadOptions): Promise<Sample> {
  const post = endpoint.startsWith('POST');
  const { method, path, ...rest } = post
    ? postRequest(t)
    : { method: 'GET' as const, path: GET_PATH };
  const cpuBefore = t.pid === undefined ? undefined : await procCpuMicros(t.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${t.port}${path}`,
    method,
    connections: o.connections,
    ...span(o),
    ...rest,
  });
  const cpuAfter = t.pid === undefined ? undefined : await procCpuMicros(t.pid);
  return sample(
    result,
    cpuBefore === undefined || cpuAfter === undefined ? null : cpuAfter - cpuBefore,
  );
}

/** Every connection alternates the benchmarked GET and POST (the soak's mixed load). */
export async function loadMixed(t: LoadTarget, o: LoadOptions): Promise<Sample> {
  return sample(
    await autocannon({
      url: `http://127.0.0.1:${t.port}`,
      connections: o.connections,
      ...span(o),
      requests: [{ method: 'GET', path: GET_PATH }, postRequest(t)],
    }),
  );
}

export const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
