import { demoDataset, type DemoStore } from "../../../prisma/seed";
import { as } from "../../../test/support/callers";
import { entitiesQuery, type GraphQLResponse } from "../../../test/support/graphqlClient";
import { expectBadUserInput } from "../../../test/support/assertions";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import { encodeCursor } from "@subgraph-kit";
import type { PrismaClient } from "./generated/prisma/client";
import { inventorySubgraph } from "./subgraph";

const { stores, stock, shelfLocations } = demoDataset();
const LONDON = stores.find((store) => store.code === "LON01")!;
const WAREHOUSE = stores.find((store) => store.kind === "WAREHOUSE")!;
const stockAt = (sku: string, storeId: string) => stock.find((level) => level.sku === sku && level.storeId === storeId);
const shelfAt = (sku: string, storeId: string) => shelfLocations.find((shelf) => shelf.sku === sku && shelf.storeId === storeId);

let inventory: TestSubgraph<PrismaClient>;

beforeAll(async () => {
  inventory = await startTestSubgraph(inventorySubgraph, { caller: as.admin() });
});

afterAll(async () => {
  await inventory?.stop();
});



/** Spherical law of cosines: a second formula, so the haversine code is not checked against itself. */
function greatCircleKm(from: { latitude: number; longitude: number }, to: { latitude: number; longitude: number }): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const cosine =
    Math.sin(rad(from.latitude)) * Math.sin(rad(to.latitude)) +
    Math.cos(rad(from.latitude)) * Math.cos(rad(to.latitude)) * Math.cos(rad(to.longitude - from.longitude));
  return 6371.0088 * Math.acos(Math.min(1, cosine));
}

describe("seed", () => {
  it("writes the demo dataset's stores, stock, shelves and one INITIAL movement per stock level", async () => {
    expect(await inventory.prisma.store.count()).toBe(stores.length);
    expect(await inventory.prisma.openingHours.count()).toBe(stores.reduce((sum, store) => sum + store.openingHours.length, 0));
    expect(await inventory.prisma.stockLevel.count()).toBe(stock.length);
    expect(await inventory.prisma.shelfLocation.count()).toBe(shelfLocations.length);
    expect(await inventory.prisma.stockMovement.count({ where: { reason: "INITIAL" } })).toBe(stock.length);

    const movementTotals = await inventory.prisma.stockMovement.groupBy({ by: ["sku", "storeId"], _sum: { delta: true } });
    const onHand = new Map(stock.map((level) => [`${level.sku}@${level.storeId}`, level.onHand]));
    expect(movementTotals).toHaveLength(stock.length);
    for (const total of movementTotals) expect(total._sum.delta).toBe(onHand.get(`${total.sku}@${total.storeId}`));
  });

  it("writes nothing when the tables hold data already", async () => {
    await inventorySubgraph.seed!(inventory.prisma, inventory.logger);
    expect(await inventory.prisma.store.count()).toBe(stores.length);
    expect(await inventory.prisma.stockMovement.count()).toBe(stock.length);
  });
});

describe("stores", () => {
  const STORE = `id code name kind latitude longitude distanceKm address { line1 line2 city postcode country } openingHours { dayOfWeek opens closes }`;
  const asGraphQL = (store: DemoStore) => ({
    id: store.id,
    code: store.code,
    name: store.name,
    kind: store.kind,
    latitude: store.latitude,
    longitude: store.longitude,
    address: { ...store.address, line2: null },
    openingHours: store.openingHours,
  });

  it("lists every location by name, with its address and opening hours Monday first", async () => {
    const response = await inventory.query(`{ stores { ${STORE} } }`);
    const expected = [...stores].sort((a, b) => a.name.localeCompare(b.name)).map((store) => ({ ...asGraphQL(store), distanceKm: null }));
    expect(response.body).toEqual({ data: { stores: expected } });
  });

  it("orders by distance from `near` and gives each distance", async () => {
    const near = { latitude: 52.4862, longitude: -1.8904 }; // Birmingham city centre
    const response = await inventory.query<{ stores: { id: string; distanceKm: number }[] }>(
      `query($near: GeoPointInput) { stores(near: $near) { id distanceKm } }`,
      { near },
    );
    const expected = stores
      .map((store) => ({ id: store.id, distanceKm: greatCircleKm(near, store) }))
      .sort((a, b) => a.distanceKm - b.distanceKm);
    const found = response.body.data!.stores;
    expect(found.map((store) => store.id)).toEqual(expected.map((store) => store.id));
    found.forEach((store, index) => expect(store.distanceKm).toBeCloseTo(expected[index]!.distanceKm, 2));
    // London Oxford Street to Manchester Arndale is about 262 km as the crow flies.
    expect(greatCircleKm(LONDON, stores.find((store) => store.code === "MAN01")!)).toBeCloseTo(262, -1);
  });

  it("keeps only the stores within `radiusKm`, and only one kind when asked", async () => {
    const near = { latitude: LONDON.latitude, longitude: LONDON.longitude };
    const within = stores.filter((store) => greatCircleKm(near, store) <= 120).map((store) => store.id);
    expect(within.length).toBeGreaterThan(1);
    expect(within.length).toBeLessThan(stores.length);

    const response = await inventory.query(
      `query($near: GeoPointInput) { nearby: stores(near: $near, radiusKm: 120) { id } shops: stores(near: $near, radiusKm: 120, kind: STORE) { id } warehouses: stores(kind: WAREHOUSE) { id } }`,
      { near },
    );
    expect(response.body.data.nearby.map((store: { id: string }) => store.id).sort()).toEqual(within.sort());
    expect(response.body.data.shops).toEqual([{ id: LONDON.id }]);
    expect(response.body.data.warehouses).toEqual([{ id: WAREHOUSE.id }]);
  });

  it.each([
    ["radiusKm without near", `stores(radiusKm: 10)`, "radiusKm"],
    ["a zero radius", `stores(near: { latitude: 51.5, longitude: 0 }, radiusKm: 0)`, "radiusKm"],
    ["a negative radius", `stores(near: { latitude: 51.5, longitude: 0 }, radiusKm: -5)`, "radiusKm"],
    ["a latitude above 90", `stores(near: { latitude: 90.5, longitude: 0 })`, "near.latitude"],
    ["a latitude below -90", `stores(near: { latitude: -91, longitude: 0 })`, "near.latitude"],
    ["a longitude above 180", `stores(near: { latitude: 0, longitude: 180.01 })`, "near.longitude"],
    ["a longitude below -180", `stores(near: { latitude: 0, longitude: -181 })`, "near.longitude"],
  ])("rejects %s", async (_, field, argument) => {
    expectBadUserInput(await inventory.query(`{ ${field} { id } }`), argument, argument);
  });

  it("finds one store by id, and gives null for an unknown id", async () => {
    const response = await inventory.query(`query($id: ID!) { store(id: $id) { ${STORE} } unknown: store(id: "store-atlantis") { id } }`, { id: WAREHOUSE.id });
    expect(response.body).toEqual({ data: { store: { ...asGraphQL(WAREHOUSE), distanceKm: null }, unknown: null } });
  });
});

describe("stock on ProductVariant", () => {
  // 25 variants: the first 24 SKUs that the London store stocks, and one SKU nobody has.
  const skus = [...new Set(stock.map((level) => level.sku))].slice(0, 24).reverse().concat("NO-SUCH-SKU");
  const representations = skus.map((sku) => ({ __typename: "ProductVariant", sku }));

  it("gives availability at one store for 25 variants with one SQL statement", async () => {
    let response: GraphQLResponse | undefined;
    const { statements } = await inventory.countStatements(async () => {
      response = await inventory.query(entitiesQuery("ProductVariant", `sku availability(storeId: "${LONDON.id}") { onHand reserved available inStock }`), {
        representations,
      });
    });
    expect(statements).toBe(1);
    expect(response!.body.data._entities).toEqual(
      skus.map((sku) => {
        const level = stockAt(sku, LONDON.id);
        const availability = level && {
          onHand: level.onHand,
          reserved: level.reserved,
          available: level.onHand - level.reserved,
          inStock: level.onHand - level.reserved > 0,
        };
        return { sku, availability: availability ?? null };
      }),
    );
  });

  it("gives every store's stock levels for 25 variants with one SQL statement", async () => {
    let response: GraphQLResponse | undefined;
    const { statements } = await inventory.countStatements(async () => {
      response = await inventory.query(entitiesQuery("ProductVariant", "sku stockLevels { onHand reserved }"), { representations });
    });
    expect(statements).toBe(1);
    expect(response!.body.data._entities).toEqual(
      skus.map((sku) => ({
        sku,
        stockLevels: stock
          .filter((level) => level.sku === sku)
          .sort((a, b) => a.storeId.localeCompare(b.storeId))
          .map(({ onHand, reserved }) => ({ onHand, reserved })),
      })),
    );
  });

  it("gives shelf locations at one store for 25 variants with one SQL statement", async () => {
    let response: GraphQLResponse | undefined;
    const { statements } = await inventory.countStatements(async () => {
      response = await inventory.query(entitiesQuery("ProductVariant", `sku shelfLocation(storeId: "${WAREHOUSE.id}") { aisle bay shelf }`), { representations });
    });
    expect(statements).toBe(1);
    expect(response!.body.data._entities).toEqual(
      skus.map((sku) => {
        const shelf = shelfAt(sku, WAREHOUSE.id);
        return { sku, shelfLocation: shelf ? { aisle: shelf.aisle, bay: shelf.bay, shelf: shelf.shelf } : null };
      }),
    );
  });

  it("adds one statement per further type of row, never one per variant", async () => {
    const { statements } = await inventory.countStatements(() =>
      inventory.query(
        entitiesQuery(
          "ProductVariant",
          `availability(storeId: "${LONDON.id}") { available store { code openingHours { dayOfWeek } } } shelfLocation(storeId: "${LONDON.id}") { aisle }`,
        ),
        { representations },
      ),
    );
    // stock at London, shelves at London, the store, its opening hours.
    expect(statements).toBe(4);
  });

  it("is null at a store that has no record of the variant, or that does not exist", async () => {
    const [sku] = skus;
    const response = await inventory.query(
      `query($sku: String!) { _entities(representations: [{ __typename: "ProductVariant", sku: $sku }]) { ... on ProductVariant { availability(storeId: "store-atlantis") { onHand } shelfLocation(storeId: "store-atlantis") { aisle } } } }`,
      { sku },
    );
    expect(response.body).toEqual({ data: { _entities: [{ availability: null, shelfLocation: null }] } });
  });
});

describe("Store entities", () => {
  it("resolves 25 Store representations with one SQL statement", async () => {
    const ids = Array.from({ length: 24 }, (_, index) => stores[index % stores.length]!.id).concat("store-atlantis");
    let response: GraphQLResponse | undefined;
    const { statements } = await inventory.countStatements(async () => {
      response = await inventory.query(entitiesQuery("Store", "id code"), { representations: ids.map((id) => ({ __typename: "Store", id })) });
    });
    expect(statements).toBe(1);
    const codeOf = new Map(stores.map((store) => [store.id, store.code]));
    expect(response!.body.data._entities).toEqual(ids.map((id) => (codeOf.has(id) ? { id, code: codeOf.get(id) } : null)));
  });
});

describe("stockMovements", () => {
  const MOVEMENT = `id sku delta reason actor occurredAt note store { id } variant { sku }`;
  type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; occurredAt: string } }[] };

  it("gives the INITIAL movement that explains a seeded stock level", async () => {
    const level = stock.find((candidate) => candidate.storeId === LONDON.id && candidate.onHand > 0)!;
    const response = await inventory.query(`query($storeId: ID!, $sku: String) { stockMovements(storeId: $storeId, sku: $sku) { totalCount edges { node { ${MOVEMENT} } } } }`, {
      storeId: LONDON.id,
      sku: level.sku,
    });
    expect(response.body.errors).toBeUndefined();
    const { totalCount, edges } = response.body.data.stockMovements;
    expect(totalCount).toBe(1);
    expect(edges[0].node).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sku: level.sku,
      delta: level.onHand,
      reason: "INITIAL",
      actor: "seed",
      occurredAt: "2026-01-01T06:00:00.000Z",
      note: "Opening balance from the demo dataset",
      store: { id: LONDON.id },
      variant: { sku: level.sku },
    });
  });

  it("pages through a store's movements newest first, each exactly once, while new ones arrive", async () => {
    const expectedCount = stock.filter((level) => level.storeId === WAREHOUSE.id).length;
    const sku = stock.find((level) => level.storeId === WAREHOUSE.id)!.sku;
    const query = `query($after: String) { stockMovements(storeId: "${WAREHOUSE.id}", first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id occurredAt } } } }`;

    const seen: Page["edges"][number]["node"][] = [];
    let after: string | null = null;
    let pages = 0;
    let received: { id: string } | undefined;
    do {
      const response: GraphQLResponse<{ stockMovements: Page }> = await inventory.query(query, { after });
      expect(response.body.errors).toBeUndefined();
      const page = response.body.data!.stockMovements;
      seen.push(...page.edges.map((edge) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      if (++pages === 1) {
        // A delivery after the first page: newer than every cursor, so the pages still to come do not shift.
        received = await inventory.prisma.stockMovement.create({
          data: { sku, storeId: WAREHOUSE.id, delta: 12, reason: "RECEIVED", actor: "test" },
        });
      }
    } while (after !== null);

    try {
      expect(seen).toHaveLength(expectedCount);
      expect(new Set(seen.map((movement) => movement.id)).size).toBe(expectedCount);
      expect(seen.map((movement) => movement.id)).not.toContain(received!.id);
      const order = seen.map((movement) => [movement.occurredAt, movement.id].join(" "));
      expect(order).toEqual([...order].sort().reverse());
      expect(pages).toBe(Math.ceil(expectedCount / 100));
    } finally {
      await inventory.prisma.stockMovement.delete({ where: { id: received!.id } });
    }
  });

  it("rejects an unknown store, a bad page size and a cursor it did not make", async () => {
    const movements = (args: string) => inventory.query(`{ stockMovements(${args}) { totalCount } }`);
    expectBadUserInput(await movements(`storeId: "store-atlantis"`), "storeId", "store-atlantis", "storeId");
    expectBadUserInput(await movements(`storeId: "${LONDON.id}", first: 0`), "first", "first");
    expectBadUserInput(await movements(`storeId: "${LONDON.id}", after: "nonsense"`), "after", "after");
    expectBadUserInput(await movements(`storeId: "${LONDON.id}", after: "${encodeCursor(["2026-01-01T06:00:00.000Z", "not-a-uuid"])}"`), "after", "after");
    expectBadUserInput(await movements(`storeId: "${LONDON.id}", after: "${encodeCursor(["yesterday", "0190a3a0-0000-7000-8000-000000000000"])}"`), "after", "after");
  });
});

describe("locateItem by SKU (no call to catalog)", () => {
  const level = stock.find((candidate) => candidate.storeId === LONDON.id && candidate.reserved > 0)!;
  const LOCATED = `variant { sku } store { id } shelfLocation { aisle bay shelf } stock { onHand reserved available inStock }`;

  it("gives where the item sits and how many there are", async () => {
    const response = await inventory.query(`query($sku: String) { locateItem(storeId: "${LONDON.id}", sku: $sku) { ${LOCATED} } }`, { sku: level.sku });
    const shelf = shelfAt(level.sku, LONDON.id)!;
    expect(response.body).toEqual({
      data: {
        locateItem: [
          {
            variant: { sku: level.sku },
            store: { id: LONDON.id },
            shelfLocation: { aisle: shelf.aisle, bay: shelf.bay, shelf: shelf.shelf },
            stock: { onHand: level.onHand, reserved: level.reserved, available: level.onHand - level.reserved, inStock: level.onHand - level.reserved > 0 },
          },
        ],
      },
    });
  });

  it("gives nothing for a SKU the store has no record of", async () => {
    const response = await inventory.query(`{ locateItem(storeId: "${LONDON.id}", sku: "NO-SUCH-SKU") { variant { sku } } }`);
    expect(response.body).toEqual({ data: { locateItem: [] } });
  });

  it.each([
    ["no lookup at all", ``, undefined, ["barcode", "sku", "text"]],
    ["two lookups", `, sku: "NW-0001-RED-XL", text: "shirt"`, undefined, ["barcode", "sku", "text"]],
    ["three lookups", `, barcode: "5000000000012", sku: "NW-0001-RED-XL", text: "shirt"`, undefined, ["barcode", "sku", "text"]],
    ["a malformed barcode", `, barcode: "5000000000011"`, "barcode", ["barcode"]],
    ["a barcode of letters", `, barcode: "ABC"`, "barcode", ["barcode"]],
    ["an empty SKU", `, sku: ""`, "sku", ["sku"]],
    ["text without a word", `, text: "   "`, "text", ["text"]],
  ])("rejects %s", async (_, lookup, argument, names) => {
    expectBadUserInput(await inventory.query(`{ locateItem(storeId: "${LONDON.id}"${lookup}) { variant { sku } } }`), argument, ...names);
  });

  it("rejects an unknown store, naming it", async () => {
    const response = await inventory.query(`{ locateItem(storeId: "store-atlantis", sku: "${level.sku}") { variant { sku } } }`);
    expectBadUserInput(response, "storeId", "store-atlantis", "storeId");
  });
});

describe("cache-control", () => {
  // Stores 300 s, stock and shelves 30 s (invalidated by tags on every change), the stock trail never.
  const sku = stock.find((level) => level.storeId === LONDON.id)!.sku;

  async function cacheControlOf(query: string, variables: Record<string, unknown> = {}): Promise<string | null> {
    const response = await inventory.query(query, variables);
    expect(response.body.errors).toBeUndefined();
    return response.headers.get("cache-control");
  }

  it.each([
    ["stores", `{ stores(kind: STORE) { name address { city } openingHours { dayOfWeek opens closes } } }`],
    ["store", `{ store(id: "${LONDON.id}") { name openingHours { dayOfWeek } } }`],
  ])("%s answers max-age=300, public", async (_name, query) => {
    expect(await cacheControlOf(query)).toBe("max-age=300, public");
  });

  it("answers 30 s for stock and shelf places, and the minimum when mixed with stores", async () => {
    const locate = `{ locateItem(storeId: "${LONDON.id}", sku: "${sku}") { variant { sku } store { name } shelfLocation { aisle } stock { available } } }`;
    expect(await cacheControlOf(locate)).toBe("max-age=30, public");
    expect(await cacheControlOf(`{ store(id: "${LONDON.id}") { name } locateItem(storeId: "${LONDON.id}", sku: "${sku}") { store { id } } }`)).toBe(
      "max-age=30, public",
    );
  });

  it("answers the entity type's hint to _entities", async () => {
    const stores = entitiesQuery("Store", "name openingHours { opens }");
    expect(await cacheControlOf(stores, { representations: [{ __typename: "Store", id: LONDON.id }] })).toBe("max-age=300, public");
    const variants = entitiesQuery("ProductVariant", `availability(storeId: "${LONDON.id}") { available store { name } } stockLevels { onHand } shelfLocation(storeId: "${LONDON.id}") { aisle }`);
    expect(await cacheControlOf(variants, { representations: [{ __typename: "ProductVariant", sku }] })).toBe("max-age=30, public");
  });

  it("never caches the stock trail", async () => {
    expect(await cacheControlOf(`{ stockMovements(storeId: "${LONDON.id}", first: 2) { edges { node { delta store { name } } } } }`)).toBe("no-store");
  });
});
