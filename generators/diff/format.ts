/** Findings → text (default), JSON, Markdown (a pull-request comment) or GitHub annotations. */
import type { Level } from './checks.js';
import type { DiffResult, Finding } from './compare.js';
import type { Accepted, IgnoreEntry } from './ignore.js';

export const FORMATS = ['text', 'json', 'markdown', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface Report {
  result: DiffResult;
  open: Finding[];
  accepted: Accepted[];
  unused: IgnoreEntry[];
  exitCode: 0 | 1;
  /** The revision file as the user named it (annotations point at it). */
  revisionFile: string;
  /** Pointer → line in the revision file, when known. */
  lineOf?: (pointer: string) => number | undefined;
}

const count = (fs: Finding[], level: Level) => fs.filter((f) => f.level === level).length;

export function summaryLine(r: Report): string {
  const { result, open } = r;
  const parts = [
    `${count(open, 'breaking')} breaking`,
    `${count(open, 'warning')} warning`,
    `${count(open, 'info')} info`,
  ];
  if (r.accepted.length > 0) parts.push(`${r.accepted.length} accepted`);
  const verdict =
    count(open, 'breaking') === 0
      ? 'no unacknowledged breaking change'
      : result.majorBump
        ? `breaking changes allowed: major version bumped (${result.baseVersion} → ${result.revisionVersion})`
        : 'FAIL: breaking changes (accept them in the ignore file with a reason, or bump the major version)';
  return `spec-suite diff ${result.baseVersion} → ${result.revisionVersion}: ${parts.join(', ')}; ${verdict}`;
}

export function formatReport(r: Report, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          baseVersion: r.result.baseVersion,
          revisionVersion: r.result.revisionVersion,
          majorBump: r.result.majorBump,
          exitCode: r.exitCode,
          summary: {
            breaking: count(r.open, 'breaking'),
            warning: count(r.open, 'warning'),
            info: count(r.open, 'info'),
            accepted: r.accepted.length,
          },
          findings: r.open,
          accepted: r.accepted,
          unusedIgnores: r.unused,
        },
        null,
        2,
      )}\n`;
    case 'markdown':
      return markdown(r);
    case 'github':
      return github(r);
    default:
      return text(r);
  }
}

function text(r: Report): string {
  const lines = r.open.map(
    (f) =>
      `${f.level.toUpperCase().padEnd(8)} ${f.id}  ${f.operation}\n         ${f.message}  (${f.pointer})`,
  );
  for (const a of r.accepted)
    lines.push(`ACCEPTED ${a.id}  ${a.operation}\n         ${a.message}  — ${a.reason}`);
  for (const u of r.unused)
    lines.push(
      `note: ignore entry ${u.id}${u.operation ? ` (${u.operation})` : ''} matched nothing`,
    );
  lines.push(summaryLine(r));
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(r: Report): string {
  const out = [`### API contract diff: ${r.result.baseVersion} → ${r.result.revisionVersion}`, ''];
  out.push(summaryLine(r).replace(/^spec-suite diff [^:]*: /, ''), '');
  if (r.open.length > 0) {
    out.push('| Level | Check | Operation | Change | Where |', '| --- | --- | --- | --- | --- |');
    for (const f of r.open)
      out.push(
        `| ${f.level === 'breaking' ? '**breaking**' : f.level} | \`${f.id}\` | ${cell(f.operation)} | ${cell(f.message)} | \`${cell(f.pointer)}\` |`,
      );
    out.push('');
  }
  if (r.accepted.length > 0) {
    out.push('Accepted (ignore file):', '');
    for (const a of r.accepted)
      out.push(`- \`${a.id}\` ${cell(a.operation)}: ${cell(a.message)} — ${cell(a.reason)}`);
    out.push('');
  }
  return `${out.join('\n')}`;
}

const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function github(r: Report): string {
  const lines = r.open.map((f) => {
    const command =
      f.level === 'breaking' && !r.result.majorBump
        ? 'error'
        : f.level === 'info'
          ? 'notice'
          : 'warning';
    const line = r.lineOf?.(f.pointer);
    const props = [`file=${escProp(r.revisionFile)}`];
    if (line !== undefined) props.push(`line=${line}`);
    props.push(`title=${escProp(f.id)}`);
    return `::${command} ${props.join(',')}::${escData(`${f.operation}: ${f.message} (${f.pointer})`)}`;
  });
  lines.push(summaryLine(r));
  return `${lines.join('\n')}\n`;
}
