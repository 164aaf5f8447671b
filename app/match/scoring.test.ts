/**
 * The scoring table: each factor by its cases, then whole scores whose order is the
 * ranking the API must return (test/e2e/domain/match.test.ts checks the API against it).
 */
import { describe, expect, it } from 'vitest';
import {
  byRank,
  locationFit,
  rarity,
  recencyFit,
  salaryFit,
  scoreMatch,
  skillFit,
  WEIGHTS,
  type JobFacts,
  type ProfileFacts,
} from './scoring.js';

const now = new Date('2025-03-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

const profile = (p: Partial<ProfileFacts> = {}): ProfileFacts => ({
  skills: ['typescript', 'postgres'],
  desiredLocations: ['Berlin'],
  remotePreference: 'any',
  salaryMin: 60000,
  salaryMax: 80000,
  currency: 'EUR',
  ...p,
});
const job = (j: Partial<JobFacts> = {}): JobFacts => ({
  tags: ['typescript', 'postgres'],
  location: 'Berlin, Germany',
  remote: false,
  salaryMin: 70000,
  salaryMax: 90000,
  currency: 'EUR',
  publishedAt: now,
  ...j,
});

describe('factors', () => {
  it('weights add up to 1, so scores stay within 0..1', () => {
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it.each([
    // df, published, expected: rarer tags weigh more; never 0, even for a tag every job has
    [0, 10, Math.log(12)],
    [1, 10, Math.log(1 + 11 / 2)],
    [10, 10, Math.log(2)],
    [0, 0, Math.log(2)],
  ])('rarity(df %i of %i published) = %f', (df, published, expected) => {
    expect(rarity(df, published)).toBeCloseTo(expected, 12);
  });

  const w = (t: string) => ({ rare: 3, common: 1 })[t as 'rare' | 'common'] ?? 0;
  it.each([
    [['rare'], ['rare', 'common'], 0.75],
    [['common'], ['rare', 'common'], 0.25],
    [['rare', 'common'], ['rare', 'common'], 1],
    [[], ['rare', 'common'], 0],
    [[], [], 0],
  ])('skillFit(%j of %j) = %f', (matched, basis, expected) => {
    expect(skillFit(matched, basis, w)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['remote job, seeker any', profile(), job({ remote: true, location: null }), 1, 'remote'],
    [
      'remote job, seeker remote',
      profile({ remotePreference: 'remote' }),
      job({ remote: true }),
      1,
      'remote',
    ],
    [
      'remote job, seeker on-site elsewhere',
      profile({ remotePreference: 'onsite', desiredLocations: ['Paris'] }),
      job({ remote: true }),
      0,
      'none',
    ],
    [
      'on-site in a desired city (case-insensitive substring)',
      profile({ desiredLocations: ['berlin'] }),
      job(),
      1,
      'desired_location',
    ],
    [
      'on-site in a desired city, seeker remote only',
      profile({ remotePreference: 'remote' }),
      job(),
      0,
      'none',
    ],
    ['on-site elsewhere', profile({ desiredLocations: ['Paris'] }), job(), 0, 'none'],
    ['no location on the job', profile(), job({ location: null }), 0, 'none'],
  ] as const)('locationFit: %s', (_name, p, j, fit, match) => {
    expect(locationFit(p, j)).toEqual({ fit, match });
  });

  it.each([
    ['job tops above the range', profile(), job(), 1],
    ['job reaches half the range', profile(), job({ salaryMax: 70000 }), 0.5],
    ['job tops below the range', profile(), job({ salaryMin: 40000, salaryMax: 50000 }), 0],
    [
      'one-sided job range: its min is its top',
      profile(),
      job({ salaryMax: null, salaryMin: 75000 }),
      0.75,
    ],
    ['seeker gives a minimum only: reached', profile({ salaryMax: null }), job(), 1],
    [
      'seeker gives a minimum only: not reached',
      profile({ salaryMin: 95000, salaryMax: null }),
      job(),
      0,
    ],
    ['other currency: never converted', profile(), job({ currency: 'USD' }), 0],
    ['job without salary', profile(), job({ salaryMin: null, salaryMax: null, currency: null }), 0],
    [
      'seeker without expectation',
      profile({ salaryMin: null, salaryMax: null, currency: null }),
      job(),
      0,
    ],
  ] as const)('salaryFit: %s', (_name, p, j, expected) => {
    expect(salaryFit(p, j)).toBeCloseTo(expected, 12);
  });

  it.each([
    [0, 1],
    [30, 0.5],
    [60, 0.25],
    [-5, 1], // published "in the future" by clock skew counts as new, never above 1
  ])('recencyFit(%i days old) = %f', (days, expected) => {
    expect(recencyFit(daysAgo(days), now)).toBeCloseTo(expected, 12);
  });
  it('a never-published job has no recency', () => expect(recencyFit(null, now)).toBe(0));
});

describe('scoreMatch: the ranking table', () => {
  // Rarity among published jobs: postgres is rarer than typescript.
  const weightOf = (t: string) => ({ typescript: 1, postgres: 2 })[t as 'typescript'] ?? 1;
  const seeker = profile();
  const table: [string, JobFacts, number][] = [
    // skills 1, location 1, salary 1, recency 1
    ['perfect', job(), 1],
    // skills 2/3 (postgres only), location 1, salary 1, recency 0.5
    [
      'postgres, older',
      job({ tags: ['postgres', 'sql'], publishedAt: daysAgo(30) }),
      0.55 * (2 / 3) + 0.2 + 0.15 + 0.05,
    ],
    // skills 1, remote (location 1), salary 0.5, recency 1
    [
      'remote, lower pay',
      job({ remote: true, location: 'Lisbon', salaryMax: 70000 }),
      0.55 + 0.2 + 0.075 + 0.1,
    ],
    // skills 1/3 (typescript only), location 0, salary 0, recency 1
    [
      'typescript elsewhere',
      job({ tags: ['typescript'], location: 'Paris', currency: 'USD' }),
      0.55 / 3 + 0.1,
    ],
  ];

  it.each(table)('%s scores as the weighted sum of its factors', (_name, j, expected) => {
    const s = scoreMatch(seeker, j, { basis: 'profile', weightOf, now });
    expect(s.score).toBeCloseTo(expected, 3);
    expect(s.rank).toBe(Math.round(s.score * 10_000));
  });

  it('explains itself: matched skills sorted, each factor as a reason', () => {
    const s = scoreMatch(seeker, job({ tags: ['sql', 'postgres', 'typescript'], remote: true }), {
      basis: 'profile',
      weightOf,
      now,
    });
    expect(s.reasons).toEqual({
      matchedSkills: ['postgres', 'typescript'],
      skills: 1,
      location: 1,
      locationMatch: 'remote',
      salary: 1,
      recency: 1,
    });
  });

  it('basis job: the share of the job’s weighted tags the seeker has', () => {
    const s = scoreMatch(seeker, job({ tags: ['typescript', 'postgres', 'sql'] }), {
      basis: 'job',
      weightOf,
      now,
    });
    expect(s.reasons.skills).toBeCloseTo(3 / 4, 4);
  });

  it('orders by rank, ties by id, deterministically', () => {
    const ranked = table
      .map(([name, j]) => ({
        id: name,
        ...scoreMatch(seeker, j, { basis: 'profile', weightOf, now }),
      }))
      .concat([{ id: 'a-tie', ...scoreMatch(seeker, job(), { basis: 'profile', weightOf, now }) }])
      .sort(byRank);
    expect(ranked.map((r) => r.id)).toEqual([
      'a-tie',
      'perfect',
      'remote, lower pay',
      'postgres, older',
      'typescript elsewhere',
    ]);
  });
});
