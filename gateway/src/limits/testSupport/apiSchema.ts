import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloGateway } from "@apollo/gateway";
import { type DocumentNode, getOperationAST, type GraphQLSchema, type OperationDefinitionNode, parse, validate } from "graphql";
import { REPO_ROOT } from "@platform/registry";

/** The API the gateway serves from the committed supergraph, as Apollo Gateway builds it (no subgraph is called). */
export async function loadGatewayApiSchema(): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(path.join(REPO_ROOT, "schema/supergraph.graphql"), "utf8") });
  const { schema } = await gateway.load();
  await gateway.stop();
  return schema;
}

/** A document valid against `schema`, and its operation (the named one, or the only one). */
export function validOperation(schema: GraphQLSchema, query: string, operationName?: string): { document: DocumentNode; operation: OperationDefinitionNode } {
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`invalid test operation: ${errors.map((error) => error.message).join("; ")}`);
  const operation = getOperationAST(document, operationName);
  if (!operation) throw new Error("no such operation in the test document");
  return { document, operation };
}
