import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
} from 'graphql';

/** How big one operation is, by the three measures GraphQL hardening limits. */
export interface OperationMeasure {
  /** Deepest field nesting; `{ a { b } }` is 2. */
  depth: number;
  /** Fields written with an alias. */
  aliases: number;
  /** Estimated fields resolved: each field 1, its children times the list size it returns. */
  cost: number;
}

/** Arguments that bound how many items a field returns. */
const SIZE_ARGUMENTS = ['first', 'last', 'limit', 'take', 'pageSize'];
/** Assumed size of a list whose field takes no size argument. */
export const DEFAULT_LIST_SIZE = 10;

/**
 * Measures `operation` of `document`. With a schema, list fields multiply their children's cost by
 * their size argument (or DEFAULT_LIST_SIZE); without one (subscriptions checked before
 * validation) the cost counts every field once. Introspection fields (`__schema`, `__type`) are
 * not measured: whether introspection is answered at all is a separate policy.
 * `stopAtDepth` bounds the walk, so an absurdly deep document costs no more than the limit.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  schema: GraphQLSchema | undefined,
  stopAtDepth = 1_000,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let aliases = 0;

  const sizeOf = (value: ValueNode): number | undefined => {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const v = variables[value.name.value];
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    }
    return undefined;
  };

  /** [depth, cost] of a selection set whose fields belong to `parent`. */
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, level: number, inFragments: Set<string>, parentSized: boolean): [number, number] => {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const [d, c] = field(selection, parent, level, inFragments, parentSized);
        depth = Math.max(depth, d);
        cost += c;
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (fragment === undefined) continue;
        const key = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : undefined;
        if (key !== undefined && inFragments.has(key)) continue; // a cycle (refused by validation anyway)
        const condition = fragment.typeCondition ? schema?.getType(fragment.typeCondition.name.value) : parent;
        const [d, c] = walk(fragment.selectionSet, condition ?? undefined, level, key ? new Set([...inFragments, key]) : inFragments, parentSized);
        depth = Math.max(depth, d);
        cost += c;
      }
    }
    return [depth, cost];
  };

  const field = (node: FieldNode, parent: GraphQLNamedType | undefined, level: number, inFragments: Set<string>, parentSized: boolean): [number, number] => {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') return [0, 0];
    if (node.alias && node.alias.value !== name) aliases += 1;
    if (name === '__typename') return [1, 0];
    if (!node.selectionSet || level >= stopAtDepth) return [1, 1];
    const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    const sizeArg = node.arguments?.find((a) => SIZE_ARGUMENTS.includes(a.name.value));
    const size = sizeArg ? sizeOf(sizeArg.value) : undefined;
    let multiplier = 1;
    if (!schema) multiplier = 1;
    else if (size !== undefined) multiplier = Math.max(0, size);
    else if (def && isListType(getNullableType(def.type)) && !parentSized) multiplier = DEFAULT_LIST_SIZE;
    const [d, c] = walk(node.selectionSet, def ? getNamedType(def.type) : undefined, level + 1, inFragments, size !== undefined);
    return [1 + d, 1 + multiplier * c];
  };

  const rootType = schema
    ? operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType()
    : undefined;
  const [depth, cost] = walk(operation.selectionSet, rootType ?? undefined, 1, new Set(), false);
  return { depth, aliases, cost };
}
