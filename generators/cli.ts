/**
 * `spec-suite gen --spec FILE --out DIR [--handlers DIR] [--ddl FILE] [--check]`.
 * The only place that reads argv or sets the exit code.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EMITTER_NAMES, runGen } from './pipeline.js';

const usage = `Usage: spec-suite gen [--spec FILE] [--ddl FILE] --out DIR [options]

  --spec FILE       OpenAPI 3.0/3.1 document (YAML or JSON); outputs under DIR/openapi/
  --ddl FILE        PostgreSQL DDL; outputs under DIR/db/
  --out DIR         output directory (generated code; never edit it by hand)
  --handlers DIR    create missing handler stubs here; report operations they lack
  --deps FILE       module exporting AppDeps/AppPrincipal/AppContext (default DIR/../deps.ts)
  --runtime SPEC    import specifier of the spec-suite runtime in generated code
  --check           regenerate in memory and compare; exit 1 with a diff if out of date
  --outputs LIST    comma-separated emitters to run (default all): ${EMITTER_NAMES.join(',')}
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(usage);
    return command === undefined ? 2 : 0;
  }
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
