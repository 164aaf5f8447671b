/**
 * What the GraphQL emitter hands the runtime (generated/graphql/resolvers.ts): plain data,
 * so the generated module stays free of code and the runtime owns every behaviour.
 */

/** Where one GraphQL argument goes in the operation's HTTP request. */
export interface GraphqlArgTarget {
  in: 'path' | 'query' | 'header' | 'cookie';
  /** The parameter's name in the spec. */
  name: string;
  /** Query parameters: how the spec serialises them (default `form`, exploded). */
  style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode?: boolean;
}

export interface GraphqlFieldSpec {
  operationId: string;
  args: Record<string, GraphqlArgTarget>;
  /** The argument carrying the request body (`input`), if the operation has one. */
  body?: string;
  /** The JSON media type the body is sent as. */
  contentType?: string;
  /** `json`: the success body is the field's value; `none`: the field is `true` on success. */
  result?: 'json' | 'none';
}

export interface GraphqlContract {
  operations: {
    Query: Record<string, GraphqlFieldSpec>;
    Mutation: Record<string, GraphqlFieldSpec>;
  };
  /** Type name → GraphQL field name → JSON property name, where they differ. */
  fields: Record<string, Record<string, string>>;
  /** Enum name → GraphQL value → JSON value, where they differ. */
  enums: Record<string, Record<string, string>>;
  /** Union name → discriminator property and its value → member type name. */
  unions: Record<string, { propertyName: string; mapping: Record<string, string> }>;
}
