import { demoDataset, type DemoProduct, type DemoVariant, priceFor } from "../../../prisma/seed";
import { entitiesQuery, type GraphQLResponse } from "../../../test/support/graphqlClient";
import { expectBadUserInput } from "../../../test/support/assertions";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import { encodeCursor, gtinForms } from "@subgraph-kit";
import type { PrismaClient } from "./generated/prisma/client";
import { catalogSubgraph } from "./subgraph";

const { products, categories } = demoDataset();
const variants = products.flatMap((product) => product.variants);
const productIds = (list: DemoProduct[]) => list.map((product) => product.id);

let catalog: TestSubgraph<PrismaClient>;

beforeAll(async () => {
  catalog = await startTestSubgraph(catalogSubgraph);
});

afterAll(async () => {
  await catalog?.stop();
});



/** Every word in the name, brand or description, in any case: what `filter.text` promises. */
function matchesText(product: DemoProduct, text: string): boolean {
  const fields = [product.name, product.brand, product.description].map((field) => field.toLowerCase());
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => fields.some((field) => field.includes(word)));
}

function categorySubtree(slug: string): Set<string> {
  const root = categories.find((category) => category.slug === slug)!;
  const ids = new Set([root.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const category of categories) {
      if (category.parentId && ids.has(category.parentId) && !ids.has(category.id)) {
        ids.add(category.id);
        grew = true;
      }
    }
  }
  return ids;
}

describe("seed", () => {
  it("writes the demo dataset's catalog", async () => {
    expect(await catalog.prisma.category.count()).toBe(categories.length);
    expect(await catalog.prisma.product.count()).toBe(products.length);
    expect(await catalog.prisma.productVariant.count()).toBe(variants.length);
    const channelPrices = variants.flatMap((variant) => variant.prices.filter((price) => price.channel !== null));
    expect(channelPrices.length).toBeGreaterThan(0);
    expect(await catalog.prisma.channelPrice.count()).toBe(channelPrices.length);
  });

  it("writes nothing when the tables hold data already", async () => {
    await catalogSubgraph.seed!(catalog.prisma, catalog.logger);
    expect(await catalog.prisma.product.count()).toBe(products.length);
    expect(await catalog.prisma.productVariant.count()).toBe(variants.length);
  });
});

describe("product", () => {
  const demo = products[41]!;
  const PRODUCT = `category { slug } variants { sku } id slug name description brand images`;

  it("finds a product by id and by slug", async () => {
    const expected = {
      id: demo.id,
      slug: demo.slug,
      name: demo.name,
      description: demo.description,
      brand: demo.brand,
      images: demo.images,
      category: { slug: categories.find((category) => category.id === demo.categoryId)!.slug },
      variants: demo.variants.map((variant) => ({ sku: variant.sku })).sort((a, b) => a.sku.localeCompare(b.sku)),
    };
    const byId = await catalog.query(`query($id: ID) { product(id: $id) { ${PRODUCT} } }`, { id: demo.id });
    expect(byId.body).toEqual({ data: { product: expected } });
    const bySlug = await catalog.query(`query($slug: String) { product(slug: $slug) { ${PRODUCT} } }`, { slug: demo.slug });
    expect(bySlug.body).toEqual({ data: { product: expected } });
  });

  it("is null for an id or slug nobody has", async () => {
    const response = await catalog.query(`{ a: product(id: "prod-9999") { id } b: product(slug: "no-such-product") { id } }`);
    expect(response.body).toEqual({ data: { a: null, b: null } });
  });

  it("wants exactly one of id and slug", async () => {
    expectBadUserInput(await catalog.query(`{ product { id } }`), undefined, "id", "slug");
    expectBadUserInput(await catalog.query(`{ product(id: "${demo.id}", slug: "${demo.slug}") { id } }`), undefined, "id", "slug");
  });
});

describe("products", () => {
  const PAGE = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }`;
  type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { id: string } }[] };

  async function allPages(filter: Record<string, unknown>, first: number): Promise<{ ids: string[]; pages: Page[] }> {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const response: GraphQLResponse<{ products: Page }> = await catalog.query(
        `query($filter: ProductFilter, $first: Int, $after: String) { products(filter: $filter, first: $first, after: $after) { ${PAGE} } }`,
        { filter, first, after },
      );
      expect(response.body.errors).toBeUndefined();
      pages.push(response.body.data!.products);
      after = response.body.data!.products.pageInfo.hasNextPage ? response.body.data!.products.pageInfo.endCursor : null;
    } while (after !== null);
    return { ids: pages.flatMap((page) => page.edges.map((edge) => edge.node.id)), pages };
  }

  it("gives the first 20 products by id, with the total and a cursor to go on", async () => {
    const response = await catalog.query<{ products: Page }>(`{ products { ${PAGE} } }`);
    const page = response.body.data!.products;
    expect(page.totalCount).toBe(products.length);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(productIds(products).sort().slice(0, 20));
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[19]!.cursor });
  });

  it("pages through every product exactly once, in id order", async () => {
    const { ids, pages } = await allPages({}, 30);
    expect(ids).toEqual(productIds(products).sort());
    expect(pages).toHaveLength(Math.ceil(products.length / 30));
    expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
    expect(pages.every((page) => page.totalCount === products.length)).toBe(true);
  });

  it("matches every word of the text, in any case, in the name, brand or description", async () => {
    const text = "MERINO hoodie";
    const expected = productIds(products.filter((product) => matchesText(product, text))).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(products.length);
    const { ids, pages } = await allPages({ text }, 3);
    expect(ids).toEqual(expected);
    expect(pages[0]!.totalCount).toBe(expected.length);
  });

  it("treats LIKE wildcards in the text as the characters they are", async () => {
    const response = await catalog.query(`{ a: products(filter: { text: "_" }) { totalCount } b: products(filter: { text: "%" }) { totalCount } c: products(filter: { text: "Me_ino" }) { totalCount } }`);
    expect(response.body).toEqual({ data: { a: { totalCount: 0 }, b: { totalCount: 0 }, c: { totalCount: 0 } } });
  });

  it("filters by a category and everything below it", async () => {
    const apparel = categorySubtree("apparel");
    expect(apparel.size).toBeGreaterThan(1);
    const { ids } = await allPages({ category: "apparel" }, 100);
    expect(ids).toEqual(productIds(products.filter((product) => apparel.has(product.categoryId))).sort());

    const { ids: tops } = await allPages({ category: "tops" }, 100);
    expect(tops).toEqual(productIds(products.filter((product) => product.categoryId === "cat-tops")).sort());
  });

  it("filters by brand in any case, and combines filters", async () => {
    const brand = "Harbour & Co";
    const { ids } = await allPages({ brand: brand.toUpperCase() }, 100);
    expect(ids).toEqual(productIds(products.filter((product) => product.brand === brand)).sort());

    const footwear = categorySubtree("footwear");
    const expected = products.filter((product) => product.brand === brand && footwear.has(product.categoryId) && matchesText(product, "leather"));
    const { ids: combined } = await allPages({ brand, category: "footwear", text: "leather" }, 100);
    expect(combined).toEqual(productIds(expected).sort());
  });

  it("rejects an unknown category slug, naming it", async () => {
    const response = await catalog.query(`{ products(filter: { category: "garden-furniture" }) { totalCount } }`);
    expectBadUserInput(response, "filter.category", "garden-furniture");
  });

  it.each([0, -1, 101])("rejects first: %i", async (first) => {
    expectBadUserInput(await catalog.query(`query($first: Int) { products(first: $first) { totalCount } }`, { first }), "first", "first");
  });

  it.each([
    ["not base64 JSON", "%%%"],
    ["the wrong number of keys", encodeCursor(["prod-0001", "extra"])],
    ["a number where an id belongs", encodeCursor([5])],
  ])("rejects a cursor that is %s", async (_, after) => {
    expectBadUserInput(await catalog.query(`query($after: String) { products(after: $after) { totalCount } }`, { after }), "after", "after");
  });
});

describe("variantByBarcode", () => {
  const demo = variants[100]!;

  it("finds the variant, whichever GTIN form the scanner reports", async () => {
    for (const barcode of gtinForms(demo.barcode)) {
      const response = await catalog.query(`query($barcode: String!) { variantByBarcode(barcode: $barcode) { sku barcode size colour product { id } } }`, { barcode });
      expect(response.body).toEqual({
        data: { variantByBarcode: { sku: demo.sku, barcode: demo.barcode, size: demo.size, colour: demo.colour, product: { id: demo.productId } } },
      });
    }
  });

  it("is null for a valid GTIN nobody sells", async () => {
    const response = await catalog.query(`{ variantByBarcode(barcode: "4006381333931") { sku } }`);
    expect(response.body).toEqual({ data: { variantByBarcode: null } });
  });

  it.each(["5000000000011", "50000000000", "ABCDEFGHIJKLM", ""])("rejects %j, which is not a GTIN", async (barcode) => {
    const response = await catalog.query(`query($barcode: String!) { variantByBarcode(barcode: $barcode) { sku } }`, { barcode });
    expectBadUserInput(response, "barcode", "barcode");
  });
});

describe("ProductVariant prices and attributes", () => {
  const withWebPrice = variants.find((variant) => variant.prices.some((price) => price.channel === "WEB"))!;
  const VARIANT = `query($sku: String!) { _entities(representations: [{ __typename: "ProductVariant", sku: $sku }]) { ... on ProductVariant { %s } } }`;
  const variantQuery = (sku: string, selection: string) => catalog.query(VARIANT.replace("%s", selection), { sku });

  it("charges a channel its own price and every other channel the base price", async () => {
    const base = priceFor(withWebPrice, "KIOSK");
    const web = priceFor(withWebPrice, "WEB");
    expect(web.amountMinor).not.toBe(base.amountMinor);

    const response = await variantQuery(
      withWebPrice.sku,
      `requestChannel: price { amountMinor currencyCode } web: price(channel: WEB) { amountMinor currencyCode amount } kiosk: price(channel: KIOSK) { amountMinor }
       prices { channel isBasePrice price { amountMinor } }`,
    );
    const [variant] = response.body.data!._entities;
    expect(variant.requestChannel).toEqual({ amountMinor: web.amountMinor, currencyCode: "GBP" });
    expect(variant.web).toEqual({ amountMinor: web.amountMinor, currencyCode: "GBP", amount: (web.amountMinor / 100).toFixed(2) });
    expect(variant.kiosk).toEqual({ amountMinor: base.amountMinor });
    expect(variant.prices).toEqual(
      (["WEB", "MOBILE", "KIOSK", "HANDHELD"] as const).map((channel) => ({
        channel,
        isBasePrice: channel !== "WEB",
        price: { amountMinor: priceFor(withWebPrice, channel).amountMinor },
      })),
    );
  });

  it("prices for the request's channel when the field names none", async () => {
    const selection = "price { amountMinor }";
    const asKiosk = await catalog.query(VARIANT.replace("%s", selection), { sku: withWebPrice.sku }, { "x-commerce-channel": "KIOSK", "x-commerce-store": "store-1" });
    const asWeb = await catalog.query(VARIANT.replace("%s", selection), { sku: withWebPrice.sku }, { "x-commerce-channel": "WEB" });
    expect(asKiosk.body.data!._entities[0].price.amountMinor).toBe(priceFor(withWebPrice, "KIOSK").amountMinor);
    expect(asWeb.body.data!._entities[0].price.amountMinor).toBe(priceFor(withWebPrice, "WEB").amountMinor);
  });

  it("refuses an unknown channel with a 400 naming the header", async () => {
    const response = await catalog.query(VARIANT.replace("%s", "sku"), { sku: withWebPrice.sku }, { "x-commerce-channel": "FAX" });
    expect(response.status).toBe(400);
    expect(response.body.errors![0]).toMatchObject({ message: expect.stringContaining("x-commerce-channel"), extensions: { code: "BAD_USER_INPUT" } });
  });

  it("lists size and colour, then any further attributes by name", async () => {
    const demo: DemoVariant = variants[7]!;
    const before = await variantQuery(demo.sku, `attributes { name value }`);
    expect(before.body.data!._entities[0].attributes).toEqual([
      { name: "size", value: demo.size },
      { name: "colour", value: demo.colour },
    ]);

    await catalog.prisma.variantAttribute.createMany({
      data: [
        { sku: demo.sku, name: "material", value: "Merino" },
        { sku: demo.sku, name: "fit", value: "Relaxed" },
      ],
    });
    try {
      const after = await variantQuery(demo.sku, `attributes { name value }`);
      expect(after.body.data!._entities[0].attributes).toEqual([
        { name: "size", value: demo.size },
        { name: "colour", value: demo.colour },
        { name: "fit", value: "Relaxed" },
        { name: "material", value: "Merino" },
      ]);
    } finally {
      await catalog.prisma.variantAttribute.deleteMany({ where: { sku: demo.sku } });
    }
  });
});

describe("categories", () => {
  it("gives the roots by name, each with its children by name and their parent", async () => {
    const response = await catalog.query(`{ categories { slug name parent { slug } children { slug parent { slug } children { slug } } } }`);
    const childrenOf = (id: string | null) =>
      categories.filter((category) => category.parentId === id).sort((a, b) => a.name.localeCompare(b.name));
    expect(response.body).toEqual({
      data: {
        categories: childrenOf(null).map((root) => ({
          slug: root.slug,
          name: root.name,
          parent: null,
          children: childrenOf(root.id).map((child) => ({ slug: child.slug, parent: { slug: root.slug }, children: [] })),
        })),
      },
    });
  });
});

describe("_entities batching", () => {
  // 25 representations, some repeated and one unknown, in an order the database would not choose.
  const sample = variants.filter((_, index) => index % 17 === 3).slice(0, 23);
  const skus = [...sample.map((variant) => variant.sku).reverse(), sample[0]!.sku, "NO-SUCH-SKU"];
  const variantRepresentations = skus.map((sku) => ({ __typename: "ProductVariant", sku }));
  const ids = [...new Set(sample.map((variant) => variant.productId))].reverse().slice(0, 24).concat("prod-9999");
  const productRepresentations = ids.map((id) => ({ __typename: "Product", id }));

  it("resolves 25 ProductVariant representations, priced for the request's channel, with two SQL statements, in the order asked", async () => {
    expect(variantRepresentations).toHaveLength(25);
    let response: GraphQLResponse | undefined;
    const { statements } = await catalog.countStatements(async () => {
      response = await catalog.query(entitiesQuery("ProductVariant", "sku barcode size colour price { amountMinor }"), {
        representations: variantRepresentations,
      });
    });
    // The variants, then the channel prices of all of them.
    expect(statements).toBe(2);
    expect(response!.body.errors).toBeUndefined();
    const bySku = new Map(variants.map((variant) => [variant.sku, variant]));
    expect(response!.body.data._entities).toEqual(
      skus.map((sku) => {
        const variant = bySku.get(sku);
        return variant
          ? { sku, barcode: variant.barcode, size: variant.size, colour: variant.colour, price: { amountMinor: priceFor(variant, "WEB").amountMinor } }
          : null;
      }),
    );
  });

  it("resolves 25 Product representations with one SQL statement", async () => {
    expect(productRepresentations.length).toBeGreaterThanOrEqual(10);
    let response: GraphQLResponse | undefined;
    const { statements } = await catalog.countStatements(async () => {
      response = await catalog.query(entitiesQuery("Product", "id name"), { representations: productRepresentations });
    });
    expect(statements).toBe(1);
    const byId = new Map(products.map((product) => [product.id, product]));
    expect(response!.body.data._entities).toEqual(ids.map((id) => (byId.has(id) ? { id, name: byId.get(id)!.name } : null)));
  });

  it("adds one statement per further type of row, never one per entity", async () => {
    const { statements: nested } = await catalog.countStatements(() =>
      catalog.query(entitiesQuery("ProductVariant", "sku product { name category { slug parent { slug } } } web: price(channel: WEB) { amountMinor } prices { channel } attributes { name }"), {
        representations: variantRepresentations,
      }),
    );
    // variants, products, categories, parent categories, channel prices, attributes.
    expect(nested).toBe(6);

    const { statements: productsWithVariants } = await catalog.countStatements(() =>
      catalog.query(entitiesQuery("Product", "id variants { sku product { id } }"), { representations: productRepresentations }),
    );
    // products, their variants; each variant's product is in the DataLoader's cache already.
    expect(productsWithVariants).toBe(2);
  });
});

describe("cache-control", () => {
  // Product data 300 s, 60 s once a price is asked for (CacheHint.product, CacheHint.price).
  const product = products[3]!;
  const variant = product.variants[0]!;

  async function cacheControlOf(query: string, variables: Record<string, unknown> = {}): Promise<string | null> {
    const response = await catalog.query(query, variables);
    expect(response.body.errors).toBeUndefined();
    return response.headers.get("cache-control");
  }

  describe("root fields", () => {
    it.each([
      ["product", `{ product(slug: "${product.slug}") { name category { name parent { name } } variants { sku attributes { name value } } } }`],
      ["products", `{ products(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }`],
      ["variant", `{ variant(sku: "${variant.sku}") { sku size product { name } } }`],
      ["categories", `{ categories { name children { name } } }`],
    ])("%s answers max-age=300, public", async (_name, query) => {
      expect(await cacheControlOf(query)).toBe("max-age=300, public");
    });

    it("answers the minimum of its fields: a price brings it down to 60 s", async () => {
      expect(await cacheControlOf(`{ variant(sku: "${variant.sku}") { sku price { amount } } }`)).toBe("max-age=60, public");
      expect(await cacheControlOf(`{ variant(sku: "${variant.sku}") { prices { channel price { amount } } } }`)).toBe("max-age=60, public");
      expect(await cacheControlOf(`{ products(first: 2) { edges { node { variants { price(channel: KIOSK) { amount } } } } } }`)).toBe(
        "max-age=60, public",
      );
    });

    it("answers no-store with an error", async () => {
      const response = await catalog.query(`{ product(id: "${product.id}", slug: "${product.slug}") { name } }`);
      expect(response.body.errors).toBeDefined();
      expect(response.headers.get("cache-control")).toBe("no-store");
    });
  });

  describe("_entities", () => {
    it("answers the entity type's hint", async () => {
      const productQuery = entitiesQuery("Product", "name variants { sku }");
      expect(await cacheControlOf(productQuery, { representations: [{ __typename: "Product", id: product.id }] })).toBe("max-age=300, public");
      const variantQuery = entitiesQuery("ProductVariant", "sku barcode");
      expect(await cacheControlOf(variantQuery, { representations: [{ __typename: "ProductVariant", sku: variant.sku }] })).toBe("max-age=300, public");
    });

    it("answers the minimum of the batch: a variant's price makes a batch with products 60 s", async () => {
      const query = `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Product { name } ... on ProductVariant { price { amount } } }
      }`;
      const representations = [
        { __typename: "Product", id: product.id },
        { __typename: "ProductVariant", sku: variant.sku },
      ];
      expect(await cacheControlOf(query, { representations })).toBe("max-age=60, public");
    });
  });
});
