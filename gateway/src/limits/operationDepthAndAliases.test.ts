import { type GraphQLSchema, Kind, type OperationDefinitionNode, parse } from "graphql";
import { operationAliases } from "./operationAliases";
import { operationDepth } from "./operationDepth";
import { loadGatewayApiSchema, validOperation } from "./testSupport/apiSchema";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await loadGatewayApiSchema();
});

const shape = (query: string, operationName?: string) => {
  const { document, operation } = validOperation(schema, query, operationName);
  return { depth: operationDepth(document, operation), aliases: operationAliases(document, operation) };
};

/** F0 has one aliased field; each F(n+1) spreads F(n) twice: F(n) expands to 2^n aliases. */
const doublingFragments = (levels: number) =>
  [
    "fragment F0 on Category { a: name }",
    ...Array.from({ length: levels }, (_, level) => `fragment F${level + 1} on Category { ...F${level} ...F${level} }`),
  ].join("\n");

describe("operationDepth", () => {
  it("counts how deep fields nest", () => {
    expect(shape(`{ product(slug: "x") { name } }`).depth).toBe(2);
    expect(shape(`{ product(slug: "x") { name variants { sku product { category { parent { name } } } } } }`).depth).toBe(6);
  });

  it("follows fragments, named and inline, without counting them as a level", () => {
    const query = `
      query { product(slug: "x") { ...P } }
      fragment P on Product { variants { ...V } }
      fragment V on ProductVariant { ... on ProductVariant { product { category { name } } } }`;
    expect(shape(query).depth).toBe(5);
  });

  it("measures only the selected operation", () => {
    const query = `query Shallow { categories { name } } query Deep { categories { children { children { children { name } } } } }`;
    expect(shape(query, "Shallow").depth).toBe(2);
    expect(shape(query, "Deep").depth).toBe(5);
  });

  it("leaves introspection out", () => {
    expect(shape(`{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`).depth).toBe(0);
    expect(shape(`{ __typename categories { name } }`).depth).toBe(2);
  });

  it("ends on a fragment cycle (which validation would have refused)", () => {
    const document = parse(`
      query { categories { ...A } }
      fragment A on Category { children { ...B } }
      fragment B on Category { parent { ...A } }`);
    const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
    expect(operationDepth(document, operation)).toBe(3);
    expect(operationAliases(document, operation)).toBe(0);
  });
});

describe("operationAliases", () => {
  it("counts aliased fields, at any depth", () => {
    expect(shape(`{ product(slug: "x") { name } }`).aliases).toBe(0);
    expect(shape(`{ a: product(slug: "x") { id } b: product(slug: "y") { title: name variants { code: sku } } }`).aliases).toBe(4);
  });

  it("counts a fragment's aliases once per spread, without expanding the document", () => {
    expect(shape(`query { categories { ...F3 } } ${doublingFragments(3)}`).aliases).toBe(8);
    // 2^40 aliases: counted from each fragment's own count, never by walking the expansion.
    expect(shape(`query { categories { ...F40 } } ${doublingFragments(40)}`).aliases).toBe(2 ** 40);
  });
});
