/**
 * The Dockerfile check: dockerfile-utils' validator (the parser/linter behind the VS Code
 * Docker extension) plus the house rules for a production image. Returns one line per
 * finding, each starting with its rule id, so a test can say which rule a fixture breaks.
 */
import { DockerfileParser, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

export type DockerRule =
  | 'syntax'
  | 'multi-stage'
  | 'pinned-base'
  | 'non-root'
  | 'healthcheck'
  | 'expose'
  | 'no-add-url'
  | 'prod-install'
  | 'runtime-copy'
  | 'pid1';

const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());

/** What the runtime stage may take from the build context or earlier stages. */
const CONTEXT_FILES = new Set(['package.json', 'package-lock.json']);
const STAGE_PATHS = [/\/node_modules\/?$/, /\/dist\/?$/, /\/db\/?$/];

export function checkDockerfile(content: string): string[] {
  const out: string[] = [];
  const report = (rule: DockerRule, msg: string) => out.push(`${rule}: ${msg}`);

  for (const d of validate(content)) {
    // Severity 1 = error (unknown instruction, bad flag, invalid port...); warnings pass.
    if (d.severity === 1) report('syntax', `line ${d.range.start.line + 1}: ${d.message}`);
  }

  const dockerfile = DockerfileParser.parse(content);
  const froms = dockerfile.getFROMs();
  if (froms.length < 2) report('multi-stage', `${froms.length} stage(s); want build and runtime`);
  const stages = new Set<string>();
  for (const from of froms) {
    const image = from.getImageName() ?? '';
    const tag = from.getImageTag();
    const digest = from.getImageDigest();
    if (!stages.has(image)) {
      // A version with at least major.minor, never `latest` or a bare major line.
      const pinned = digest !== null || (tag !== null && /^\d+\.\d+/.test(tag));
      if (!pinned) report('pinned-base', `FROM ${from.getImage() ?? image} is not pinned`);
    }
    const stage = from.getBuildStage();
    if (stage) stages.add(stage);
  }

  const instructions = dockerfile.getInstructions();
  const lastFrom = froms.at(-1);
  const finalStage = lastFrom
    ? instructions.filter((i) => i.getRange().start.line > lastFrom.getRange().start.line)
    : instructions;
  const final = (keyword: string) => finalStage.filter((i) => i.getKeyword() === keyword);

  const user = final('USER').at(-1);
  const userName = user ? (args(user)[0] ?? '').split(':')[0] : undefined;
  if (!userName || userName === 'root' || userName === '0') {
    report('non-root', user ? `final USER is ${userName}` : 'the final stage sets no USER');
  }

  const health = final('HEALTHCHECK').at(-1);
  if (!health || args(health)[0]?.toUpperCase() === 'NONE') {
    report('healthcheck', 'the final stage has no HEALTHCHECK');
  }
  if (final('EXPOSE').length === 0) report('expose', 'the final stage EXPOSEs no port');

  for (const add of instructions.filter((i) => i.getKeyword() === 'ADD')) {
    if (args(add).some((a) => /^(https?|git|ssh):\/\/|^git@/i.test(a))) {
      report('no-add-url', `line ${add.getRange().start.line + 1}: ADD of a URL`);
    }
  }

  const runs = instructions
    .filter((i) => i.getKeyword() === 'RUN')
    .map((i) => i.getArgumentsContent() ?? '');
  if (!runs.some((r) => /\bnpm ci\b[^&;|]*--omit[= ]dev/.test(r))) {
    report('prod-install', 'no `npm ci --omit=dev` installs the production modules');
  }
  if (runs.some((r) => /\bnpm (install|i)\b/.test(r))) {
    report('prod-install', '`npm install` does not honour the lockfile; use `npm ci`');
  }

  for (const copy of [...final('COPY'), ...final('ADD')]) {
    const flags = copy instanceof ModifiableInstruction ? copy.getFlags() : [];
    const fromStage = flags.find((f) => f.getName() === 'from');
    const sources = args(copy).slice(0, -1);
    for (const src of sources) {
      const ok = fromStage ? STAGE_PATHS.some((re) => re.test(src)) : CONTEXT_FILES.has(src);
      if (!ok)
        report(
          'runtime-copy',
          `the runtime stage copies ${src}${fromStage ? ` from ${fromStage.getValue()}` : ''}`,
        );
    }
  }

  // The process tree's PID 1 must forward SIGTERM to node: tini/dumb-init, not npm or sh.
  const entry = [...final('ENTRYPOINT'), ...final('CMD')]
    .map((i) => i.getArgumentsContent() ?? '')
    .join(' ');
  if (!/\b(tini|dumb-init)\b/.test(entry)) {
    report('pid1', 'neither ENTRYPOINT nor CMD starts tini or dumb-init as PID 1');
  }
  if (/\b(npm|npx|tsx)\b/.test(entry)) {
    report(
      'pid1',
      'the container runs npm/npx/tsx, which neither forwards signals nor belongs in production',
    );
  }
  return out;
}
