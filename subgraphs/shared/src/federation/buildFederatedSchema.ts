import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { type GraphQLSchema, parse } from "graphql";
import { buildSchema, type BuildSchemaOptions, createResolversMap } from "type-graphql";
import { CACHE_CONTROL_SDL } from "../cache/cacheHints";

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override"])';

/** `__resolveReference` functions per entity type name, keyed like an Apollo resolver map. */
export type ReferenceResolvers<TContext> = Record<
  string,
  { __resolveReference: (reference: any, context: TContext) => unknown }
>;

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes.
 *
 * type-graphql knows nothing of federation: its schema is printed with its directives (so
 * `@key` survives), linked to the federation spec, and handed with type-graphql's resolvers
 * and the entity reference resolvers to `buildSubgraphSchema`, which adds `_entities` and
 * `_service`. Enum values must equal their names (type-graphql's resolver map does not
 * translate them).
 *
 * `@cacheControl` and its `CacheControlScope` are defined here for every subgraph: Apollo
 * Server's cache control plugin reads the directive from the schema's AST. Composition leaves
 * the directive out of the supergraph (it is not `@composeDirective`d), and the enum is
 * `@inaccessible`: the gateway takes the hints from each subgraph's `cache-control` header.
 */
export async function buildFederatedSchema<TContext>(
  options: Omit<BuildSchemaOptions, "skipCheck">,
  referenceResolvers: ReferenceResolvers<TContext> = {},
): Promise<GraphQLSchema> {
  // skipCheck: a subgraph that only contributes fields to other subgraphs' entities may have no Query.
  const schema = await buildSchema({ ...options, skipCheck: true });
  const typeDefs = parse(`${FEDERATION_LINK}\n${CACHE_CONTROL_SDL}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = mergeResolverMaps(createResolversMap(schema) as GraphQLResolverMap<unknown>, referenceResolvers);
  return buildSubgraphSchema({ typeDefs, resolvers });
}

function mergeResolverMaps<TContext>(
  resolvers: GraphQLResolverMap<unknown>,
  referenceResolvers: ReferenceResolvers<TContext>,
): GraphQLResolverMap<unknown> {
  const merged: GraphQLResolverMap<unknown> = { ...resolvers };
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    if (!(typeName in merged)) {
      throw new Error(`__resolveReference given for "${typeName}", which is not a type of this subgraph's schema`);
    }
    merged[typeName] = { ...(merged[typeName] as object), ...reference } as GraphQLResolverMap<unknown>[string];
  }
  return merged;
}
