/**
 * What `spec-suite init` writes: a small public spec, a Spectral ruleset, a tsconfig, the
 * scripts that regenerate and check, and a server entry that wires the generated routes
 * to the handler stubs `gen` creates. Pure: file path → contents.
 */
export const SAMPLE_SPEC = `openapi: 3.1.0
info:
  title: Pets
  version: 0.1.0
  description: A sample contract. Edit it, then run \`npm run gen\`.
servers:
  - url: /
security: []
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      summary: List pets
      parameters:
        - name: limit
          in: query
          schema: { type: integer, minimum: 1, maximum: 100, default: 20 }
      responses:
        '200':
          description: The pets
          content:
            application/json:
              schema:
                type: array
                items: { $ref: '#/components/schemas/Pet' }
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      summary: One pet
      parameters:
        - name: petId
          in: path
          required: true
          schema: { type: integer, minimum: 1 }
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
        '404':
          description: No such pet
          content:
            application/problem+json:
              schema: { $ref: '#/components/schemas/Problem' }
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: { type: integer }
        name: { type: string, maxLength: 100 }
        tag: { type: string }
    Problem:
      type: object
      required: [title, status]
      properties:
        type: { type: string }
        title: { type: string }
        status: { type: integer }
        detail: { type: string }
`;

export const SPECTRAL = `extends: ['spectral:oas']
rules:
  operation-operationId: error
  operation-tags: warn
`;

export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023", "DOM"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": true,
    "isolatedModules": true,
    "outDir": "dist",
    "types": ["node"]
  },
  "include": ["src"]
}
`;

export function mainModule(runtimeImport: string): string {
  return `/**
 * Starts the server: the generated routes with your handlers (src/handlers/). Every
 * operation in the spec is public here; put your authentication in \`auth\`.
 */
import { serve } from '@hono/node-server';
import type { AuthHooks } from '${runtimeImport}/contract.js';
import type { AppPrincipal } from './deps.js';
import { createApi } from './generated/openapi/routes.js';
import { createHandlers } from './handlers/index.js';

const auth: AuthHooks<AppPrincipal> = {
  authenticate: async () => ({ ok: false, status: 401, detail: 'no authentication configured' }),
  authorize: () => false,
};

export const app = createApi(createHandlers({}), {
  auth,
  validateResponses: true,
  // Where unhandled errors are reported: swap in your own logger.
  logger: { error: (message, fields) => console.error(message, fields) },
});

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const port = Number(process.env.PORT ?? 3000);
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) =>
    console.log(\`listening on http://127.0.0.1:\${info.port}\`),
  );
}
`;
}

/** The commands a scaffolded project runs, as package.json scripts. */
export function scripts(runtimeImport: string): Record<string, string> {
  const gen = `spec-suite gen --spec openapi/api-spec.yaml --out src/generated --handlers src/handlers --runtime ${runtimeImport}`;
  return {
    gen,
    'gen:watch': `${gen} --watch`,
    'gen:check': `${gen} --check`,
    'lint:spec': 'spectral lint openapi/api-spec.yaml --ruleset spectral.yaml',
    'spec:diff': 'spec-suite diff --base origin/main --revision openapi/api-spec.yaml',
    typecheck: 'tsc -p tsconfig.json --noEmit',
    build: 'tsc -p tsconfig.json',
    start: 'node dist/main.js',
  };
}
