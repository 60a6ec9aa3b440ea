/**
 * GraphQL Code Generator for the storefront example: typed operations from the gateway's
 * client-facing schema (schema/api.graphql, written by `npm run compose`). Run from the
 * repository root: `npm run codegen:example` (also run by `npm run typecheck`, before tsc).
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  // Or the running gateway's copy: http://127.0.0.1:4000/schema/api.graphql
  schema: "schema/api.graphql",
  documents: ["examples/storefront/operations/**/*.graphql"],
  // Git-ignored: generated from the schema and the operations, never edited.
  generates: {
    "examples/storefront/src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // The operations as strings for fetch(); no GraphQL client library needed.
        documentMode: "string",
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: "string" },
      },
    },
  },
  silent: true,
};

export default config;
