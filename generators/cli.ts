/**
 * `spec-suite gen --spec FILE --out DIR [--handlers DIR] [--ddl FILE] [--check]`.
 * The only place that reads argv or sets the exit code.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EMITTER_NAMES, runGen } from './pipeline.js';

const usage = `Usage: spec-suite gen [--spec FILE] [--ddl FILE] --out DIR [options]
       spec-suite diff --base REF|FILE [--revision FILE] [--format text|json|markdown|github]
       spec-suite init [DIR]         scaffold a contract-first service
       (gen --watch: regenerate whenever the spec is saved)

  --spec FILE       OpenAPI 3.0/3.1 document (YAML or JSON); outputs under DIR/openapi/
  --ddl FILE        PostgreSQL DDL; outputs under DIR/db/
  --out DIR         output directory (generated code; never edit it by hand)
  --handlers DIR    create missing handler stubs here; report operations they lack
  --deps FILE       module exporting AppDeps/AppPrincipal/AppContext (default DIR/../deps.ts)
  --runtime SPEC    import specifier of the spec-suite runtime in generated code
  --check           regenerate in memory and compare; exit 1 with a diff if out of date
  --outputs LIST    comma-separated emitters to run (default all): ${EMITTER_NAMES.join(',')}
  --no-cache        recompute every stage (default: reuse results for unchanged inputs
                    from node_modules/.cache/spec-suite/)
`;

/** Subcommands other than `gen`, loaded lazily so `gen` pays nothing for them. */
const SUBCOMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  diff: async () => (await import('./diff/command.js')).diffCommand,
  init: async () => {
    const { initCommand } = await import('./init/command.js');
    return (argv) =>
      initCommand(argv, {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        cwd: process.cwd(),
        gen: initialGen,
      });
  },
};

/** The first `gen` of a scaffolded project (same layout as its `npm run gen`). */
async function initialGen(opts: { cwd: string; runtimeImport: string }): Promise<string[]> {
  const result = await runGen({
    specPath: 'openapi/api-spec.yaml',
    outDir: 'src/generated',
    handlersDir: 'src/handlers',
    runtimeImport: opts.runtimeImport,
    cwd: opts.cwd,
  });
  return result.report;
}

/** `gen --watch`: regenerate on save (see watch.ts). */
async function watchMode(args: string[]): Promise<number> {
  const { watchGen } = await import('./watch.js');
  return watchGen(args, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    gen: (a) => main(['gen', ...a]),
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(usage);
    return command === undefined ? 2 : 0;
  }
  if (Object.hasOwn(SUBCOMMANDS, command)) return (await SUBCOMMANDS[command]!())(rest);
  if (command === 'gen' && rest.includes('--watch'))
    return watchMode(rest.filter((a) => a !== '--watch'));
  if (command !== 'gen') {
    process.stderr.write(`spec-suite: unknown command ${JSON.stringify(command)}\n\n${usage}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        spec: { type: 'string' },
        ddl: { type: 'string' },
        out: { type: 'string' },
        handlers: { type: 'string' },
        deps: { type: 'string' },
        runtime: { type: 'string' },
        check: { type: 'boolean', default: false },
        outputs: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`spec-suite: ${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (!values.out || (!values.spec && !values.ddl)) {
    process.stderr.write(
      `spec-suite: --out and at least one of --spec/--ddl are required\n\n${usage}`,
    );
    return 2;
  }
  const started = performance.now();
  try {
    const result = await runGen({
      specPath: values.spec,
      ddlPath: values.ddl,
      outDir: values.out,
      handlersDir: values.handlers,
      depsPath: values.deps,
      runtimeImport: values.runtime,
      check: values.check,
      outputs: values.outputs
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ...(values['no-cache'] ? { cacheDir: false as const } : {}),
    });
    const stream = result.exitCode === 0 ? process.stdout : process.stderr;
    stream.write(`${result.report.join('\n')}\n`);
    process.stdout.write(`spec-suite gen: ${Math.round(performance.now() - started)} ms\n`);
    return result.exitCode;
  } catch (e) {
    process.stderr.write(`spec-suite gen failed: ${(e as Error).message}\n`);
    return 2;
  }
}

// Run when executed directly (tsx generators/cli.ts / bin/spec-suite.mjs), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
