/**
 * listJobs on PGlite AND on the real PostgreSQL: only published jobs, every filter, every
 * allow-listed sort, keyset pagination across pages with ties. Expected results come
 * from plain predicates and comparators over the fixture, not from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../app/db/client.js';
import { companies, jobs, users, type JobsInsert } from '../../../generated/db/schema.js';
import { databaseEngines } from '../../support/database-engines.js';
import { createDomainApp, type DomainApp } from './harness.js';

interface Fixture {
  id: string;
  companyId: string;
  title: string;
  description: string;
  location: string | null;
  remote: boolean;
  employmentType: 'full_time' | 'part_time' | 'contract';
  salaryMin: number | null;
  salaryMax: number | null;
  tags: string[];
  status: 'draft' | 'published' | 'closed';
  publishedAt: Date | null;
}

const base = Date.parse('2025-01-17T12:00:00.000Z');
const titles = [
  'Senior TypeScript Engineer',
  'Postgres DBA',
  'Frontend Developer',
  'Data Engineer (100% remote)',
  'Site_Reliability Engineer',
];
const descriptions = [
  'Build APIs with Hono.',
  'Tune queries and indexes.',
  'React and TypeScript all day.',
  'Pipelines in Python.',
  'Keep the lights on.',
];
const locations = ['Berlin, Germany', 'berlin', 'London, UK', null, 'Remote (EU)'];
const types = ['full_time', 'part_time', 'contract'] as const;
const salaries: [number | null, number | null][] = [
  [50000, 70000],
  [70000, 90000],
  [null, null],
  [90000, 90000],
  [30000, 60000],
];
const tagSets = [
  ['typescript', 'postgres'],
  ['postgres'],
  ['typescript'],
  [],
  ['python', 'postgres', 'typescript'],
];

/** 30 jobs: 24 published sharing 4 publish instants (ties), plus drafts and closed ones. */
function fixture(companyIds: [string, string]): Fixture[] {
  return Array.from({ length: 30 }, (_, i) => {
    const status = i % 10 === 3 ? 'draft' : i % 10 === 7 ? 'closed' : 'published';
    const [salaryMin, salaryMax] = salaries[i % 5]!;
    return {
      id: crypto.randomUUID(),
      companyId: companyIds[i % 2]!,
      title: titles[i % 5]!,
      description: descriptions[(i >> 1) % 5]!,
      location: locations[(i + 2) % 5]!,
      remote: i % 3 === 0,
      employmentType: types[i % 3]!,
      salaryMin,
      salaryMax,
      tags: tagSets[(i * 7) % 5]!,
      status,
      publishedAt: status === 'draft' ? null : new Date(base + (i % 4) * 3_600_000),
    };
  });
}

async function seed(db: Database): Promise<Fixture[]> {
  const [owner] = await db
    .insert(users)
    .values({
      email: `search-${crypto.randomUUID()}@example.com`,
      passwordHash: 'x'.repeat(60),
      displayName: 'Owner',
      roleCode: 'employer',
    })
    .returning();
  const made = await db
    .insert(companies)
    .values([{ name: 'A' }, { name: 'B' }])
    .returning({ id: companies.id });
  const rows = fixture([made[0]!.id, made[1]!.id]);
  const created = new Date(base - 86_400_000);
  await db.insert(jobs).values(
    rows.map((r): JobsInsert => ({
      ...r,
      currency: r.salaryMin === null ? null : 'EUR',
      closedAt: r.status === 'closed' ? new Date(base + 86_400_000) : null,
      createdBy: owner!.id,
      createdAt: created,
      updatedAt: created,
    })),
  );
  return rows;
}

const published = (rows: Fixture[]) => rows.filter((r) => r.status === 'published');
const byId = (dir: 1 | -1) => (a: Fixture, b: Fixture) =>
  a.id < b.id ? -dir : a.id > b.id ? dir : 0;
/** Compare by a nullable number/date key (nulls last in both directions), then id. */
const by = (key: (f: Fixture) => number | null, dir: 1 | -1) => (a: Fixture, b: Fixture) => {
  const ka = key(a);
  const kb = key(b);
  if (ka === null || kb === null) return ka === kb ? byId(dir)(a, b) : ka === null ? 1 : -1;
  return ka !== kb ? (ka - kb) * dir : byId(dir)(a, b);
};
const orders: Record<string, (a: Fixture, b: Fixture) => number> = {
  '-publishedAt': by((f) => f.publishedAt!.getTime(), -1),
  publishedAt: by((f) => f.publishedAt!.getTime(), 1),
  '-salaryMax': by((f) => f.salaryMax, -1),
  salaryMin: by((f) => f.salaryMin, 1),
};

const engines = await databaseEngines('jb_domain_search');

describe.each(engines)('listJobs on $name', (engine) => {
  let t: DomainApp;
  let rows: Fixture[];
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await engine.open();
    close = () => opened.close();
    rows = await seed(opened.db);
    t = await createDomainApp(opened.db);
  });
  afterAll(async () => close?.());

  /** Follows nextCursor to the end; returns ids in the order served and the page count. */
  async function all(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = query ? '&' : '';
      const url: string = `/api/v1/jobs?${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.call('GET', url);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...res.body.items.map((j: { id: string }) => j.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { ids, pages };
  }

  it.each(Object.keys(orders))(
    'sort=%s pages through every published job once, in order, ties by id',
    async (sort) => {
      const expected = published(rows)
        .sort(orders[sort])
        .map((r) => r.id);
      const { ids, pages } = await all(`sort=${encodeURIComponent(sort)}`, 5);
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 5));
    },
  );

  it('defaults to newest published first and never lists drafts or closed jobs', async () => {
    const { ids } = await all('', 7);
    expect(ids).toEqual(
      published(rows)
        .sort(orders['-publishedAt'])
        .map((r) => r.id),
    );
    const hidden = new Set(rows.filter((r) => r.status !== 'published').map((r) => r.id));
    expect(hidden.size).toBeGreaterThan(0);
    expect(ids.some((id) => hidden.has(id))).toBe(false);
  });

  const filters: [string, string, (f: Fixture) => boolean][] = [
    [
      'q: one word, any case, title or description',
      'q=TYPESCRIPT',
      (f) => /typescript/i.test(f.title + f.description),
    ],
    [
      'q: every word must match',
      'q=engineer%20hono',
      (f) =>
        /engineer/i.test(f.title + ' ' + f.description) &&
        /hono/i.test(f.title + ' ' + f.description),
    ],
    ['q: % is literal', 'q=100%25', (f) => f.title.includes('100%')],
    [
      'q: _ is literal',
      'q=site_reliability',
      (f) => f.title.toLowerCase().includes('site_reliability'),
    ],
    [
      'location: case-insensitive substring',
      'location=BERLIN',
      (f) => !!f.location?.toLowerCase().includes('berlin'),
    ],
    ['remote=true', 'remote=true', (f) => f.remote],
    ['remote=false', 'remote=false', (f) => !f.remote],
    ['employmentType', 'employmentType=contract', (f) => f.employmentType === 'contract'],
    [
      'salaryMin: range reaches it',
      'salaryMin=80000',
      (f) => f.salaryMax !== null && f.salaryMax >= 80000,
    ],
    [
      'salaryMax: range starts at or below it',
      'salaryMax=50000',
      (f) => f.salaryMin !== null && f.salaryMin <= 50000,
    ],
    [
      'salary overlap window',
      'salaryMin=65000&salaryMax=75000',
      (f) => f.salaryMax !== null && f.salaryMax >= 65000 && f.salaryMin! <= 75000,
    ],
    ['one tag', 'tags=postgres', (f) => f.tags.includes('postgres')],
    [
      'tags: contains all',
      'tags=postgres&tags=typescript',
      (f) => f.tags.includes('postgres') && f.tags.includes('typescript'),
    ],
    ['companyId', '', () => true], // filled in below with a real id
    [
      'combined',
      'q=engineer&remote=true&tags=typescript',
      (f) =>
        /engineer/i.test(f.title + ' ' + f.description) &&
        f.remote &&
        f.tags.includes('typescript'),
    ],
    ['nothing matches', 'q=cobol', () => false],
  ];

  it.each(filters)('filter %s', async (name, query, match) => {
    let q = query;
    let pred = match;
    if (name === 'companyId') {
      const companyId = rows[0]!.companyId;
      q = `companyId=${companyId}`;
      pred = (f) => f.companyId === companyId;
    }
    const expected = published(rows)
      .filter(pred)
      .sort(orders['-publishedAt'])
      .map((r) => r.id);
    const { ids } = await all(q, 4);
    expect(ids).toEqual(expected);
    if (name !== 'nothing matches') expect(expected.length).toBeGreaterThan(0);
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['valid base64url, not ours', Buffer.from('{"x":1}').toString('base64url')],
  ])('rejects a %s cursor with a 400 naming cursor', async (_n, cursor) => {
    const res = await t.call('GET', `/api/v1/jobs?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('/cursor');
  });

  it('rejects a cursor made for another sort', async () => {
    const first = await t.call('GET', '/api/v1/jobs?limit=2&sort=-salaryMax');
    expect(first.body.nextCursor).toBeTruthy();
    const res = await t.call(
      'GET',
      `/api/v1/jobs?limit=2&sort=publishedAt&cursor=${first.body.nextCursor}`,
    );
    expect(res.status).toBe(400);
  });

  it.each(['limit=0', 'limit=101', 'sort=title', 'salaryMin=-1', 'remote=maybe', 'companyId=nope'])(
    'rejects %s with a 400 from the contract',
    async (query) => {
      expect((await t.call('GET', `/api/v1/jobs?${query}`)).status).toBe(400);
    },
  );
});
