import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** Turns a GraphQL literal (a document written inline in a query) into the JSON value it spells. */
function literalToJson(node: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT: {
      const out: Record<string, unknown> = {};
      for (const field of node.fields) out[field.name.value] = literalToJson(field.value, variables);
      return out;
    }
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.ENUM:
      return node.value;
  }
}

/**
 * The one untyped value in the public schema, named for what it carries: a whole scenario
 * document (import/export, exactly as MODEL.md section 1 shapes it) or an explicit part of one (an
 * override or event value that is an object). Everything else about a scenario is typed.
 */
export const JsonDocumentScalar = new GraphQLScalarType({
  name: 'JSONDocument',
  description:
    'A scenario document or a part of one, as JSON (MODEL.md section 1). Used only for whole-document import/export and explicit document parts; every other field is typed.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literalToJson(node, variables),
});
