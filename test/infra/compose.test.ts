/**
 * docker-compose.yml is read by Debian's docker-compose 1.29 (`config -q` validates the file
 * against the Compose schema without a Docker engine) and then held to the house rules
 * (test/infra/compose-rules.ts). Each broken fixture in test/fixtures/infra/compose/ fails
 * one of the two. Without docker-compose the tests skip with a SKIP line (`.ci/run`
 * installs it; REQUIRE_SERVICES=1 turns the skip into a failure).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { servicesRequired } from '../support/services.js';
import { checkCompose, type ComposeRule } from './compose-rules.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/infra/compose');

function findDockerCompose(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'docker-compose');
    if (dir && existsSync(bin)) return bin;
  }
  const msg =
    'docker-compose not found (install: apt-get install --no-install-recommends docker-compose)';
  if (servicesRequired) throw new Error(`${msg} and REQUIRE_SERVICES=1`);
  console.warn(`SKIP: ${msg}; compose tests are skipped (set REQUIRE_SERVICES=1 to fail instead)`);
  return undefined;
}
const bin = findDockerCompose();

interface ConfigResult {
  code: number;
  output: string;
  parsed?: object;
}
const results = new Map<string, ConfigResult>();

const config = (name: string): ConfigResult => {
  const r = results.get(name);
  if (!r) throw new Error(`no docker-compose config result for ${name}`);
  return r;
};

describe.skipIf(!bin)('docker-compose.yml', () => {
  /**
   * `docker-compose config` of the real file and every fixture, each copied as
   * docker-compose.yml into a project folder like a fresh checkout after
   * `cp .env.example .env`. One Python process runs the CLI's entry point per file
   * (compose-config.py): a docker-compose start-up costs about a second of CPU each.
   */
  beforeAll(() => {
    const files = [
      path.join(ROOT, 'docker-compose.yml'),
      ...readdirSync(FIXTURES).map((f) => path.join(FIXTURES, f)),
    ];
    const project = mkdtempSync(path.join(tmpdir(), 'compose-'));
    try {
      copyFileSync(path.join(ROOT, '.env.example'), path.join(project, '.env'));
      const copies = files.map((file, i) => {
        const dir = path.join(project, String(i));
        mkdirSync(dir);
        copyFileSync(path.join(project, '.env'), path.join(dir, '.env'));
        copyFileSync(file, path.join(dir, 'docker-compose.yml'));
        return path.join(dir, 'docker-compose.yml');
      });
      // The interpreter docker-compose's own script names (#!/usr/bin/python3), not a PATH shim.
      const python = readFileSync(bin!, 'utf8')
        .split('\n')[0]!
        .replace(/^#!\s*/, '')
        .trim();
      const stdout = execFileSync(
        python,
        [path.join(import.meta.dirname, 'compose-config.py'), project, ...copies],
        {
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', HOME: project },
        },
      );
      for (const line of stdout.trim().split('\n')) {
        const r = JSON.parse(line) as { file: string; code: number; output: string };
        const source = files[copies.indexOf(r.file)]!;
        results.set(
          path.basename(source) === 'docker-compose.yml'
            ? 'docker-compose.yml'
            : path.basename(source),
          {
            code: r.code,
            output: r.output,
            ...(r.code === 0 ? { parsed: parse(r.output) as object } : {}),
          },
        );
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('is valid for docker-compose 1.29 and keeps every house rule', () => {
    const r = config('docker-compose.yml');
    expect(r.output.slice(0, 2000)).not.toMatch(/invalid|error/i);
    expect(r.code).toBe(0);
    expect(checkCompose(r.parsed!)).toEqual([]);
  });

  const schemaBroken: [fixture: string, message: RegExp][] = [
    ['v2-name.yml', /'name' does not match/],
    ['bad-condition.yml', /service_done/],
  ];
  it.each(schemaBroken)('%s fails `docker-compose config`', (fixture, message) => {
    const r = config(fixture);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(message);
  });

  const ruleBroken: [fixture: string, rule: ComposeRule][] = [
    ['started-not-healthy.yml', 'depends-healthy'],
    ['no-migrate-gate.yml', 'migrate-first'],
    ['db-not-internal.yml', 'internal-network'],
    ['latest-image.yml', 'pinned-image'],
    ['bind-mount-data.yml', 'named-volume'],
    ['no-healthcheck.yml', 'healthcheck'],
  ];
  it.each(ruleBroken)('%s is valid Compose but breaks rule %s', (fixture, rule) => {
    const r = config(fixture);
    expect(r.code).toBe(0);
    expect(checkCompose(r.parsed!).map((f) => f.split(':')[0])).toContain(rule);
  });
});
