/**
 * `spec-suite diff`: argv → exit code. 0 = no unacknowledged breaking change (or the
 * revision bumped `info.version`'s major), 1 = breaking changes, 2 = usage or load error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { diffApis } from './compare.js';
import { formatReport, FORMATS, type Format, type Report } from './format.js';
import { applyIgnores, parseIgnoreFile } from './ignore.js';
import { classifyBase, loadBase, loadRevision, readOptional } from './io.js';
import { pointerLine } from './lines.js';

export const diffUsage = `Usage: spec-suite diff --base REF|FILE [--revision FILE] [options]

  --base REF|FILE    the version to compare against: a file, or a git revision (the
                     revision file's path at that commit, e.g. origin/main, HEAD~1)
  --revision FILE    the new version (default openapi/api-spec.yaml)
  --format FMT       text (default), json, markdown, github (workflow annotations)
  --ignore FILE      accepted findings with reasons (default .spec-diff-ignore.yaml if present)
  --fail-on LEVEL    breaking (default) or warning

Exit 0: no unacknowledged breaking change, or info.version's major was bumped.
Exit 1: breaking changes. Exit 2: usage error or a document that cannot be loaded.
`;

export interface IO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

const defaultIO = (): IO => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
});

export async function diffCommand(argv: string[], io: IO = defaultIO()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        base: { type: 'string' },
        revision: { type: 'string', default: 'openapi/api-spec.yaml' },
        format: { type: 'string', default: 'text' },
        ignore: { type: 'string' },
        'fail-on': { type: 'string', default: 'breaking' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr(`spec-suite diff: ${(e as Error).message}\n\n${diffUsage}`);
    return 2;
  }
  if (values.help) {
    io.stdout(diffUsage);
    return 0;
  }
  const format = values.format as Format;
  if (
    !values.base ||
    !FORMATS.includes(format) ||
    !['breaking', 'warning'].includes(values['fail-on'])
  ) {
    io.stderr(
      `spec-suite diff: --base is required; --format is one of ${FORMATS.join(', ')}; --fail-on breaking|warning\n\n${diffUsage}`,
    );
    return 2;
  }
  try {
    const revisionFile = values.revision;
    const revisionText = await readOptional(revisionFile, io.cwd);
    if (revisionText === undefined) throw new Error(`${revisionFile}: no such file`);
    const rev = await loadRevision(revisionFile, io.cwd);
    const base = await loadBase(classifyBase(values.base, io.cwd), revisionFile, io.cwd);
    if (!base.ir) {
      io.stdout(`spec-suite diff: nothing to compare: ${base.missing}\n`);
      return 0;
    }
    const ignoreFile = values.ignore ?? '.spec-diff-ignore.yaml';
    const ignoreText = await readOptional(ignoreFile, io.cwd);
    if (values.ignore && ignoreText === undefined)
      throw new Error(`${values.ignore}: no such file`);
    const entries = ignoreText === undefined ? [] : parseIgnoreFile(ignoreText, ignoreFile);
    const result = diffApis(base.ir, rev);
    const { open, accepted, unused } = applyIgnores(result.findings, entries);
    const failing = open.filter(
      (f) => f.level === 'breaking' || (values['fail-on'] === 'warning' && f.level === 'warning'),
    );
    const report: Report = {
      result,
      open,
      accepted,
      unused,
      exitCode: failing.length > 0 && !result.majorBump ? 1 : 0,
      revisionFile: path
        .relative(io.cwd, path.resolve(io.cwd, revisionFile))
        .split(path.sep)
        .join('/'),
      lineOf: (p) => pointerLine(revisionText, p),
    };
    io.stdout(formatReport(report, format));
    return report.exitCode;
  } catch (e) {
    io.stderr(`spec-suite diff failed: ${(e as Error).message}\n`);
    return 2;
  }
}
