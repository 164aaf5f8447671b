/**
 * The fairness corpus: valid and invalid requests on the two benchmarked operations, each
 * with the status class the spec calls for. Every stack must answer each with that class
 * before its speed means anything; a stack that lets an invalid request through is laxer.
 */
export interface CorpusCase {
  id: string;
  method: 'GET' | 'POST';
  path: string;
  /** 'valid' sends the bench token; 'none' sends no Authorization; 'tampered' a bad signature. */
  token: 'valid' | 'none' | 'tampered';
  contentType?: string;
  body?: string;
  expect: '2xx' | '4xx';
}

export const GET_PATH =
  '/api/v1/jobs?limit=20&remote=true&employmentType=full_time&salaryMin=50000&tags=typescript';

export const validJob = {
  companyId: '3e2d1c0b-4a5f-4b6c-9d7e-8f9a0b1c2d3e',
  title: 'Senior TypeScript Engineer',
  description: 'Build the contract-first toolkit behind our API platform.',
  location: 'Berlin, Germany',
  remote: true,
  employmentType: 'full_time',
  salaryMin: 70000,
  salaryMax: 90000,
  currency: 'EUR',
  tags: ['typescript', 'postgres'],
};

const json = (value: unknown) => JSON.stringify(value);
const post = (
  id: string,
  body: string,
  expect: CorpusCase['expect'],
  extra: Partial<CorpusCase> = {},
): CorpusCase => ({
  id,
  method: 'POST',
  path: '/api/v1/jobs',
  token: 'valid',
  contentType: 'application/json',
  body,
  expect,
  ...extra,
});
const get = (id: string, query: string, expect: CorpusCase['expect']): CorpusCase => ({
  id,
  method: 'GET',
  path: `/api/v1/jobs?${query}`,
  token: 'none',
  expect,
});

export const corpus: CorpusCase[] = [
  { ...get('GET valid', GET_PATH.split('?')[1]!, '2xx') },
  get('GET limit not a number', 'limit=many', '4xx'),
  get('GET limit out of range', 'limit=1000', '4xx'),
  get('GET unknown enum value', 'employmentType=gig', '4xx'),
  get('GET boolean not a boolean', 'remote=maybe', '4xx'),
  post('POST valid', json(validJob), '2xx'),
  post('POST unknown property', json({ ...validJob, bonus: 1 }), '4xx'),
  post('POST wrong type', json({ ...validJob, remote: 'yes' }), '4xx'),
  post('POST "70000" as a string', json({ ...validJob, salaryMin: '70000' }), '4xx'),
  post('POST missing required', json({ ...validJob, title: undefined }), '4xx'),
  post('POST malformed JSON', '{"title":', '4xx'),
  post('POST text/plain body', json(validJob), '4xx', { contentType: 'text/plain' }),
  post('POST missing token', json(validJob), '4xx', { token: 'none' }),
  post('POST tampered token', json(validJob), '4xx', { token: 'tampered' }),
];

/** The class of an HTTP status: '2xx', '4xx', … */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;
