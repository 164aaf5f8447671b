// Proven by clients no one here wrote: OpenAPI Generator (4.3.1, typescript-fetch) makes a
// client from openapi/api-spec.yaml at test time; it must pass `tsc --strict`, then the whole
// job-board scenario (test/fixtures/oag-scenario/scenario.ts, written only against that
// client) runs against the server started as an operator starts it, directly and then
// through a Prism validating proxy (`--errors`) that must report no violation at all.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startAppProcess,
  startServerProcess,
  type AppProcess,
  type ServerProcess,
} from '../support/app-process.js';
import { servicesRequired } from '../support/services.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const JAR = join(
  root,
  'node_modules/@openapitools/openapi-generator-cli/bin/openapi-generator.jar',
);
const ADMIN = { email: 'oag-admin@example.com', password: 'admin-password-for-oag-1' };

async function javaAvailable(): Promise<boolean> {
  try {
    await run('java', ['-version']);
    return true;
  } catch {
    const msg = 'java is not installed';
    if (servicesRequired) throw new Error(`${msg} and REQUIRE_SERVICES=1`);
    console.warn(`SKIP: ${msg}; the OpenAPI Generator client suite is skipped`);
    return false;
  }
}

const hasJava = await javaAvailable();

interface Scenario {
  runScenario: (options: {
    basePath: string;
    admin: typeof ADMIN;
    runId: string;
    sendsInvalidInput?: boolean;
  }) => Promise<string[]>;
}

/** Prism in proxy mode in front of `upstream`; violations are answered as errors (`--errors`). */
function startPrism(upstream: string): Promise<ServerProcess> {
  return startServerProcess({
    args: (port) => [
      join(root, 'node_modules/@stoplight/prism-cli/dist/index.js'),
      'proxy',
      join(root, 'openapi/api-spec.yaml'),
      upstream,
      '--errors',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    readyPath: '/api/v1/health',
    timeoutMs: 60_000,
  });
}

describe.skipIf(!hasJava)('OpenAPI Generator typescript-fetch client', () => {
  let dir: string;
  let app: AppProcess;
  let scenario: Scenario;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oag-client-'));
    const generate = run('java', [
      '-jar',
      JAR,
      'generate',
      '-i',
      join(root, 'openapi/api-spec.yaml'),
      '-g',
      'typescript-fetch',
      '-o',
      join(dir, 'client'),
      '--additional-properties=typescriptThreePlus=true,supportsES6=true',
    ]);
    [app] = await Promise.all([
      startAppProcess({
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // One loopback address makes every request here; limits are the auth suite's subject.
        RATE_LIMITS: JSON.stringify({
          globalPerIp: { limit: 100_000, windowMs: 60_000 },
          login: { perIp: { limit: 1_000, windowMs: 60_000 } },
          register: { perIp: { limit: 1_000, windowMs: 60_000 } },
          refresh: { perIp: { limit: 1_000, windowMs: 60_000 } },
        }),
      }),
      generate,
    ]);
    await copyFile(join(root, 'test/fixtures/oag-scenario/scenario.ts'), join(dir, 'scenario.ts'));
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'DOM'],
          noEmit: true,
          skipLibCheck: false,
        },
        include: ['**/*.ts'],
      }),
    );
  }, 400_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('type-checks under tsc --strict, with the scenario written against it', async () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', dir]).catch(
      (e: { stdout: string }) => e,
    );
    expect(result.stdout).toBe('');
    scenario = (await import(join(dir, 'scenario.ts'))) as Scenario;
  }, 120_000);

  it('names the sort enum members from x-enum-varnames (no collision)', async () => {
    const { readFile } = await import('node:fs/promises');
    const jobsApi = await readFile(join(dir, 'client/apis/JobsApi.ts'), 'utf8');
    expect(jobsApi).toContain("PublishedAtDesc = '-publishedAt'");
    expect(jobsApi).toContain("PublishedAtAsc = 'publishedAt'");
  });

  it('runs the whole scenario against the server', async () => {
    const steps = await scenario.runScenario({
      basePath: app.baseUrl,
      admin: ADMIN,
      runId: `direct${Date.now().toString(36)}`,
    });
    expect(steps).toEqual(SCENARIO_STEPS);
  }, 120_000);

  it('runs it again through a Prism validating proxy with zero violations', async () => {
    const prism = await startPrism(app.baseUrl);
    try {
      const steps = await scenario.runScenario({
        basePath: prism.url,
        admin: ADMIN,
        runId: `prism${Date.now().toString(36)}`,
        // Prism would answer a deliberately invalid request itself (that is its job).
        sendsInvalidInput: false,
      });
      expect(steps).toEqual(SCENARIO_STEPS);
      expect(prism.output()).toMatch(/Forwarding "post" request to/);
      expect(prism.output()).not.toMatch(/violation|terminated with error|UNPROCESSABLE_ENTITY/i);
      // The control: Prism does validate, so the silence above means something.
      const refused = await fetch(`${prism.url}/api/v1/jobs?limit=0`);
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({
        validation: [expect.objectContaining({ location: ['query', 'limit'] })],
      });
      await expect.poll(() => prism.output()).toMatch(/terminated with error|UNPROCESSABLE_ENTITY/);
    } finally {
      await prism.stop();
    }
  }, 180_000);
});

const SCENARIO_STEPS = [
  'probes',
  'register employer, seeker, second employer',
  'login (and a refused wrong password)',
  'create and edit company',
  'draft and edit jobs',
  'publish and close jobs',
  'search with every filter and paginate',
  'apply with an Idempotency-Key, replay it',
  'list and move application statuses',
  'withdraw',
  'admin suspends a user and reads the audit log',
  'refresh, logout',
  'logout everywhere',
];
