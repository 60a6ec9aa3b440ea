import { GraphQLSchema, type GraphQLNamedType, printSchema } from "graphql";

/**
 * The client-facing schema as SDL: the API schema (what clients may query: no `join__`/`link`
 * elements, nothing `@inaccessible`), descriptions kept, ending with a newline. One printer for
 * the file `npm run compose` writes (schema/api.graphql) and what the gateway serves, so the two
 * compare equal: the root operation types first, then every other type by name (composition's
 * schema and the one the gateway builds from the supergraph file list types in different
 * orders; fields, arguments and values keep theirs).
 */
export function printApiSchema(apiSchema: GraphQLSchema): string {
  const config = apiSchema.toConfig();
  const roots = [config.query, config.mutation, config.subscription].filter((type): type is NonNullable<typeof type> => Boolean(type));
  const others = config.types.filter((type) => !roots.includes(type as (typeof roots)[number])).sort(byName);
  return `${printSchema(new GraphQLSchema({ ...config, types: [...roots, ...others] }))}\n`;
}

function byName(left: GraphQLNamedType, right: GraphQLNamedType): number {
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}
