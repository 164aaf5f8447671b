import { describe, expect, it } from 'vitest';
import { emitTypes } from './emit-types.js';
import { loadApi } from './load.js';
import { documentForTypes, inlineOperationRefs, mappingNamesToRefs } from './types-input.js';

const README = 'node_modules/@readme/oas-examples/3.0/json';

describe('mappingNamesToRefs', () => {
  it.each([
    ['bare name of a component schema → ref', 'Dog', '#/components/schemas/Dog'],
    ['a ref stays', '#/components/schemas/Cat', '#/components/schemas/Cat'],
    ['unknown name stays (openapi-typescript reports it)', 'Nope', 'Nope'],
    ['name needing escapes', 'a/b', '#/components/schemas/a~1b'],
  ])('%s', (_case, target, expected) => {
    const doc = {
      components: { schemas: { Dog: {}, Cat: {}, 'a/b': {} } },
      paths: {
        '/p': {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    oneOf: [],
                    discriminator: { propertyName: 'k', mapping: { v: target } },
                  },
                },
              },
            },
          },
        },
      },
    };
    mappingNamesToRefs(doc);
    const schema = doc.paths['/p'].post.requestBody.content['application/json'].schema;
    expect(schema.discriminator.mapping.v).toBe(expected);
  });
});

describe('inlineOperationRefs', () => {
  it('replaces refs into operations by a copy of their target, refs elsewhere stay', () => {
    const doc = {
      components: { schemas: { Offset: { type: 'string' } } },
      paths: {
        '/a': {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    properties: {
                      inner: { $ref: '#/components/schemas/Offset' },
                      own: { type: 'integer' },
                    },
                  },
                },
              },
            },
          },
          get: {
            responses: {
              200: {
                content: {
                  'application/json': {
                    schema: {
                      properties: {
                        x: {
                          $ref: '#/paths/~1a/post/requestBody/content/application~1json/schema/properties/inner',
                        },
                        y: {
                          $ref: '#/paths/~1a/post/requestBody/content/application~1json/schema/properties/own',
                          description: 'kept',
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    inlineOperationRefs(doc);
    const props = doc.paths['/a'].get.responses[200].content['application/json'].schema.properties;
    expect(props.x).toEqual({ $ref: '#/components/schemas/Offset' });
    expect(props.y).toEqual({ description: 'kept', type: 'integer' });
  });

  it('inlines refs into the middle of a parameter component (corpus: codat.io/assess.json)', () => {
    const doc = {
      components: { parameters: { id: { name: 'id', in: 'path', schema: { type: 'string' } } } },
      paths: { '/a': { get: { x: { $ref: '#/components/parameters/id/schema' } } } },
    };
    inlineOperationRefs(doc);
    expect(doc.paths['/a'].get.x).toEqual({ type: 'string' });
  });

  it('inlines refs into the definitions of a schema component (corpus: codat.io/assess.json)', () => {
    const doc = {
      components: { schemas: { A: { definitions: { ref: { type: 'string' } } } } },
      paths: { '/a': { get: { x: { $ref: '#/components/schemas/A/definitions/ref' } } } },
    };
    inlineOperationRefs(doc);
    expect(doc.paths['/a'].get.x).toEqual({ type: 'string' });
  });

  it('keeps refs to whole parameter components', () => {
    const doc = { paths: { '/a': { get: { x: { $ref: '#/components/parameters/id' } } } } };
    inlineOperationRefs(doc);
    expect(doc.paths['/a'].get.x).toEqual({ $ref: '#/components/parameters/id' });
  });

  it('a cycle through operation refs becomes {}', () => {
    const doc = { paths: { '/a': { get: { x: { $ref: '#/paths/~1a/get/x' } } } } };
    inlineOperationRefs(doc);
    expect(doc.paths['/a'].get.x).toEqual({});
  });

  it('documentForTypes never touches its input', () => {
    const doc = {
      components: { schemas: { D: {} } },
      x: { discriminator: { mapping: { a: 'D' } } },
    };
    const before = JSON.stringify(doc);
    expect(JSON.stringify(documentForTypes(doc))).not.toBe(before);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('emitTypes on specs openapi-typescript mishandles as written', () => {
  it.each([
    // Discriminator mapping values that are schema names: its bundler threw.
    ['discriminators.json', 'OptionOneNoDisc'],
    // A ref into a request body: it printed paths["/anything"]["post"]["requestBody"]... (TS2339).
    ['circular-paths.json', 'offsetBefore?: components["schemas"]["offset"];'],
  ])('%s', async (file, expected) => {
    const out = await emitTypes(await loadApi(`${README}/${file}`));
    expect(out.contents).toContain(expected);
    expect(out.contents).not.toContain('paths["/anything"]["post"]["requestBody"]');
  });
});
