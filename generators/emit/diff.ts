/**
 * `--check`: compare freshly generated files with what is on disk, and summarise the
 * differences as unified diffs a human can read in a CI log.
 */
import { createTwoFilesPatch } from 'diff';
import type { GeneratedFile } from './files.js';

export type FileDrift =
  | { kind: 'missing'; path: string }
  | { kind: 'stale'; path: string }
  | { kind: 'changed'; path: string; expected: string; actual: string };

/**
 * Pure comparison. `onDisk` maps relative paths to contents for every file currently
 * in the generated directories the run manages.
 */
export function compareFiles(
  expected: readonly GeneratedFile[],
  onDisk: ReadonlyMap<string, string>,
): FileDrift[] {
  const drift: FileDrift[] = [];
  const wanted = new Set(expected.map((f) => f.path));
  for (const file of expected) {
    const actual = onDisk.get(file.path);
    if (actual === undefined) drift.push({ kind: 'missing', path: file.path });
    else if (actual !== file.contents)
      drift.push({ kind: 'changed', path: file.path, expected: file.contents, actual });
  }
  for (const p of onDisk.keys()) if (!wanted.has(p)) drift.push({ kind: 'stale', path: p });
  return drift.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Readable summary: one header line per file, then the first `maxLines` lines of its diff. */
export function formatDrift(drift: readonly FileDrift[], outLabel: string, maxLines = 40): string {
  if (drift.length === 0) return `${outLabel} is up to date.`;
  const lines = [
    `${outLabel} is out of date (${drift.length} file${drift.length === 1 ? '' : 's'}):`,
  ];
  for (const d of drift) {
    const where = `${outLabel}/${d.path}`;
    if (d.kind === 'missing') lines.push(`  missing: ${where} (not generated yet)`);
    else if (d.kind === 'stale')
      lines.push(`  stale:   ${where} (no longer generated; delete it or run gen)`);
    else {
      lines.push(`  changed: ${where}`);
      const patch = createTwoFilesPatch(
        `${where} (on disk)`,
        `${where} (generated)`,
        d.actual,
        d.expected,
        '',
        '',
        {
          context: 2,
        },
      )
        .split('\n')
        .filter((l) => !l.startsWith('====='));
      const shown = patch.slice(0, maxLines);
      lines.push(...shown.map((l) => `    ${l}`));
      if (patch.length > maxLines) lines.push(`    ... ${patch.length - maxLines} more diff lines`);
    }
  }
  lines.push('Run `npm run gen` (spec-suite gen) and commit the result.');
  return lines.join('\n');
}
