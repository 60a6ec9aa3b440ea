import { type GraphQLSchema, printSchema } from "graphql";

/**
 * The client-facing schema as SDL: the API schema (what clients may query: no `join__`/`link`
 * elements, nothing `@inaccessible`), descriptions kept, ending with a newline. One printer for
 * the file `npm run compose` writes (schema/api.graphql) and what the gateway serves, so the two
 * compare equal.
 */
export function printApiSchema(apiSchema: GraphQLSchema): string {
  return `${printSchema(apiSchema)}\n`;
}
