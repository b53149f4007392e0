import { describe, expect, it } from '@jest/globals';
import { buildSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { DEFAULT_LIST_SIZE, measureOperation } from './measure-operation.js';
import { checkSubscriptionDocument } from './graphql-limits.plugin.js';

const schema = buildSchema(`
  type Node { id: ID!, child: Node, children(first: Int): [Node!]!, all: [Node!]! }
  type Query { node: Node, nodes(first: Int): [Node!]! }
`);

function measure(query: string, variables: Record<string, unknown> = {}, withSchema = true) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(document, operation, variables, withSchema ? schema : undefined);
}

describe(measureOperation.name, () => {
  it('counts depth as the deepest field nesting, through fragments and inline fragments', () => {
    expect(measure('{ node { id } }').depth).toBe(2);
    expect(measure('{ node { child { child { id } } } }').depth).toBe(4);
    expect(measure('query { node { ...F } } fragment F on Node { child { ... on Node { child { id } } } }').depth).toBe(4);
  });

  it('counts only aliases that rename a field', () => {
    expect(measure('{ a: node { id } b: node { id } node { same: id id: id } }').aliases).toBe(3);
  });

  it('multiplies children by the size argument, a variable, or the default list size', () => {
    // nodes(first: 5) { id child { id } }: 1 + 5 * (1 + (1 + 1)) = 16
    expect(measure('{ nodes(first: 5) { id child { id } } }').cost).toBe(16);
    expect(measure('query($n: Int) { nodes(first: $n) { id } }', { n: 7 }).cost).toBe(1 + 7 * 1);
    // A list with no size argument counts DEFAULT_LIST_SIZE items: 1 + (1 + 10 * 1) = 12.
    expect(measure('{ node { all { id } } }').cost).toBe(1 + (1 + DEFAULT_LIST_SIZE * 1));
    // Nested pages multiply: 1 + 3 * (1 + 4 * 1) = 16.
    expect(measure('{ nodes(first: 3) { children(first: 4) { id } } }').cost).toBe(16);
  });

  it('does not charge introspection or __typename', () => {
    expect(measure('{ __typename __schema { types { name fields { name type { ofType { ofType { name } } } } } } }')).toEqual({ depth: 1, aliases: 0, cost: 0 });
  });

  it('counts each field once without a schema', () => {
    expect(measure('{ nodes(first: 100) { id } }', {}, false)).toEqual({ depth: 2, aliases: 0, cost: 2 });
  });

  it('refuses an over-deep or alias-heavy subscription document before validation', () => {
    const limits = { graphqlMaxDepth: 3, graphqlMaxAliases: 1, graphqlMaxCost: 10, graphqlMaxQueryChars: 200 };
    expect(checkSubscriptionDocument(limits, 'subscription { a { b { c { d } } } }', {})?.[0]?.extensions).toMatchObject({ limit: 'depth', max: 3, actual: 4 });
    expect(checkSubscriptionDocument(limits, 'subscription { x: a y: a }', {})?.[0]?.extensions).toMatchObject({ limit: 'aliases', actual: 2 });
    expect(checkSubscriptionDocument(limits, `subscription { a ${'#'.repeat(300)} }`, {})?.[0]?.extensions).toMatchObject({ limit: 'size' });
    expect(checkSubscriptionDocument(limits, 'subscription { a { b } }', {})).toBeUndefined();
  });
});
