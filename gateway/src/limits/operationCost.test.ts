import type { GraphQLSchema } from "graphql";
import { MAX_COUNTED_SELECTIONS, type OperationCost, operationCost } from "./operationCost";
import { loadGatewayApiSchema, validOperation } from "./testSupport/apiSchema";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await loadGatewayApiSchema();
});

function cost(query: string, variables: Record<string, unknown> = {}, defaultListSize = 4): OperationCost {
  const { document, operation } = validOperation(schema, query);
  return operationCost(schema, document, operation, variables, { defaultListSize });
}

describe("operationCost", () => {
  it("costs 1 per field", () => {
    expect(cost(`{ product(slug: "x") { name brand } }`)).toEqual({ cost: 3 });
  });

  it("multiplies a connection's page by its `first`, literal or variable, and not again for its edges", () => {
    // products: 1 + 5 x edges (1 + node (1 + name 1))
    expect(cost(`{ products(first: 5) { edges { node { name } } } }`)).toEqual({ cost: 16 });
    expect(cost(`query ($n: Int) { products(first: $n) { edges { node { name } } } }`, { n: 7 })).toEqual({ cost: 22 });
  });

  it("counts the default list size for a paginated field given no page size, and for a list without one", () => {
    expect(cost(`{ products { edges { node { name } } } }`, {}, 4)).toEqual({ cost: 13 });
    expect(cost(`query ($n: Int) { products(first: $n) { edges { node { name } } } }`, {}, 4)).toEqual({ cost: 13 });
    expect(cost(`{ product(slug: "x") { variants { sku } } }`, {}, 4)).toEqual({ cost: 6 });
    expect(cost(`{ product(slug: "x") { variants { sku } } }`, {}, 10)).toEqual({ cost: 12 });
  });

  it("multiplies nested lists", () => {
    // prices 1 + 4x1 = 5, variants 1 + 4x5 = 21, node 22, edges 23, products 1 + 10x23
    expect(cost(`{ products(first: 10) { edges { node { variants { prices { channel } } } } } }`)).toEqual({ cost: 231 });
  });

  it("follows fragments and leaves out what @skip or @include drop", () => {
    const query = `query ($full: Boolean!) { product(slug: "x") { ...P } } fragment P on Product { name variants @include(if: $full) { sku } }`;
    expect(cost(query, { full: true })).toEqual({ cost: 7 });
    expect(cost(query, { full: false })).toEqual({ cost: 2 });
  });

  it("leaves introspection out", () => {
    expect(cost(`{ __schema { types { name fields { name } } } }`)).toEqual({ cost: 0 });
  });

  it("gives up past MAX_COUNTED_SELECTIONS selections once fragments are expanded", () => {
    const levels = Math.ceil(Math.log2(MAX_COUNTED_SELECTIONS)) + 1;
    const fragments = [
      "fragment F0 on Category { name }",
      ...Array.from({ length: levels }, (_, level) => `fragment F${level + 1} on Category { ...F${level} ...F${level} }`),
    ].join("\n");
    expect(cost(`query { categories { ...F${levels} } } ${fragments}`)).toEqual({ tooManySelections: true });
  });

  it("throws when the variables do not fit the operation", () => {
    expect(() => cost(`query ($n: Int) { products(first: $n) { totalCount } }`, { n: "many" })).toThrow(/\$n/);
  });
});
