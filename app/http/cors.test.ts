import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { strictCors } from './cors.js';
import { problemResponse } from '../../runtime/problem.js';

const ALLOWED = 'https://app.example.com';

const accessControl = (res: Response) => {
  const names: string[] = [];
  res.headers.forEach((_, name) => {
    if (name.startsWith('access-control-')) names.push(name);
  });
  return names;
};

/** The route behind CORS, and a counter proving whether a request got past it. */
function build(origins: string[]) {
  let reached = 0;
  const app = new Hono();
  app.use(strictCors(origins));
  app.use(async (_c, next) => {
    reached++;
    await next();
  });
  app.get('/jobs', (c) => c.json([]));
  app.post('/jobs', () =>
    problemResponse({ type: 'about:blank', title: 'Bad', status: 400 }, { 'retry-after': '1' }),
  );
  return { app, reached: () => reached };
}

const preflight = (origin: string, method = 'POST', headers = 'authorization,content-type') => ({
  method: 'OPTIONS',
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': headers,
  },
});

describe('strictCors', () => {
  it('grants an allowed origin, without credentials, exposing the headers clients need', async () => {
    const { app } = build([ALLOWED, 'http://localhost:5173']);
    for (const [method, status] of [
      ['GET', 200],
      ['POST', 400],
    ] as const) {
      const res = await app.request('/jobs', { method, headers: { origin: ALLOWED } });
      expect(res.status).toBe(status);
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('access-control-expose-headers')?.split(',')).toEqual(
        expect.arrayContaining(['Retry-After', 'X-Request-Id', 'Location']),
      );
      expect(res.headers.get('vary')).toContain('Origin');
    }
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike', 'https://app.example.com.evil.example'],
    ['another scheme', 'http://app.example.com'],
    ['the null origin', 'null'],
  ])('gives %s no CORS headers, but still answers (the browser enforces)', async (_, origin) => {
    const { app } = build([ALLOWED]);
    const res = await app.request('/jobs', { headers: { origin } });
    expect(res.status).toBe(200);
    expect(accessControl(res)).toEqual([]);
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('answers an allowed preflight itself: 204, methods and headers granted', async () => {
    const { app, reached } = build([ALLOWED]);
    const res = await app.request('/jobs', preflight(ALLOWED));
    expect(res.status).toBe(204);
    expect(reached()).toBe(0);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses a preflight from another origin with a problem, before anything else runs', async () => {
    const { app, reached } = build([ALLOWED]);
    const res = await app.request('/jobs', preflight('https://evil.example'));
    expect(res.status).toBe(403);
    expect(reached()).toBe(0);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with no origins configured sends no CORS headers at all, even to a preflight', async () => {
    const { app, reached } = build([]);
    const get = await app.request('/jobs', { headers: { origin: ALLOWED } });
    const pre = await app.request('/jobs', preflight(ALLOWED));
    for (const res of [get, pre]) {
      expect(accessControl(res)).toEqual([]);
    }
    expect(pre.status).toBe(404); // no OPTIONS route: the app answers as it would without CORS
    expect(reached()).toBe(2);
  });
});
