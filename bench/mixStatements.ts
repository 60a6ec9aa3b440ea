/**
 * How many SQL statements each operation of the bench's query mix costs each subgraph: the four
 * subgraphs and a gateway in this process (test/support/commerceStack, PGlite in memory, or
 * PostgreSQL with TEST_DATABASE_URL), each operation sent `--times` times after one warm-up,
 * statements counted below Prisma (SqlStatementCounter). Prints figures; asserts nothing.
 *
 *   npx tsx bench/mixStatements.ts [--times 5]
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { startCommerceStack } from "../test/support/commerceStack";
import { QUERY_MIX } from "./gatewayComparison/queryMix";

const SUBGRAPHS = ["catalog", "inventory", "customer", "orders"] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { times: { type: "string", default: "5" } } });
  const times = Number(values.times);
  const stack = await startCommerceStack();
  try {
    const counts = () => Object.fromEntries(SUBGRAPHS.map((name) => [name, stack[name].sqlStatements.total]));
    console.log(`SQL statements per operation (mean of ${times}), by subgraph`);
    console.log(["operation".padEnd(16), ...SUBGRAPHS.map((name) => name.padStart(10))].join(""));
    for (const operation of QUERY_MIX) {
      const warm = await stack.query(operation.query, operation.variables, operation.headers);
      if (warm.body.errors) throw new Error(`${operation.name}: ${JSON.stringify(warm.body.errors)}`);
      const before = counts();
      for (let index = 0; index < times; index++) await stack.query(operation.query, operation.variables, operation.headers);
      const after = counts();
      console.log([operation.name.padEnd(16), ...SUBGRAPHS.map((name) => ((after[name]! - before[name]!) / times).toFixed(1).padStart(10))].join(""));
    }
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
