// The calculated query cost Shopify charges before running a query: scalars and enums are
// free, an object costs 1, a connection 2 plus its page size times the cost of one node,
// each mutation field 10. Actual cost counts the objects really returned.

import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isLeafType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from "graphql";

export const MUTATION_COST = 10;
export const SINGLE_QUERY_MAX_COST = 1000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function pageSize(args: readonly { name: { value: string }; value: ValueNode }[], walk: Walk) {
  for (const arg of args) {
    if (arg.name.value === "first" || arg.name.value === "last") {
      const value = valueFromASTUntyped(arg.value, walk.variables);
      if (typeof value === "number") return value;
    }
  }
  return 1;
}

/** The selection of one node inside a connection: `edges { node { ... } }` or `nodes { ... }`. */
function nodeCost(set: SelectionSetNode, type: GraphQLCompositeType, walk: Walk): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD || !sel.selectionSet || !("getFields" in type)) continue;
    const field = type.getFields()[sel.name.value];
    if (!field) continue;
    const inner = getNamedType(field.type);
    if (!isCompositeType(inner)) continue;
    if (sel.name.value === "nodes")
      cost = Math.max(cost, 1 + selectionCost(sel.selectionSet, inner, walk));
    if (sel.name.value === "edges") cost = Math.max(cost, nodeCost(sel.selectionSet, inner, walk));
    if (sel.name.value === "node")
      cost = Math.max(cost, 1 + selectionCost(sel.selectionSet, inner, walk));
  }
  return cost;
}

function selectionCost(set: SelectionSetNode, type: GraphQLCompositeType, walk: Walk): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? walk.schema.getType(sel.typeCondition.name.value) : type;
      if (on && isCompositeType(on)) cost += selectionCost(sel.selectionSet, on, walk);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(sel.name.value);
      const on = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (fragment && on && isCompositeType(on))
        cost += selectionCost(fragment.selectionSet, on, walk);
      continue;
    }
    if (sel.name.value.startsWith("__") || !("getFields" in type)) continue;
    const field = type.getFields()[sel.name.value];
    if (!field) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner) || !sel.selectionSet || !isCompositeType(inner)) continue;
    if (inner.name.endsWith("Connection")) {
      cost += 2 + pageSize(sel.arguments ?? [], walk) * nodeCost(sel.selectionSet, inner, walk);
    } else {
      cost += 1 + selectionCost(sel.selectionSet, inner, walk);
    }
  }
  return cost;
}

export function requestedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  if (operation.operation === "mutation") {
    return MUTATION_COST * operation.selectionSet.selections.length;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const root = schema.getQueryType();
  if (!root) return 1;
  return Math.max(1, selectionCost(operation.selectionSet, root, { schema, fragments, variables }));
}

/** Objects in an answer (connection wrappers not counted twice): what was really fetched. */
export function actualCost(data: unknown): number {
  if (Array.isArray(data)) return data.reduce((sum: number, item) => sum + actualCost(item), 0);
  if (data === null || typeof data !== "object") return 0;
  let cost = 0;
  for (const [key, value] of Object.entries(data)) {
    if (key === "pageInfo") continue;
    if (value && typeof value === "object" && ("edges" in value || "nodes" in value)) {
      const page = value as { nodes?: unknown[]; edges?: { node: unknown }[] };
      const list = page.nodes ?? page.edges?.map((e) => e.node) ?? [];
      cost += 2 + list.length + actualCost(list);
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      cost += 1 + actualCost(value);
    } else {
      cost += actualCost(value);
    }
  }
  return cost;
}
