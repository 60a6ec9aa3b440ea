import { demoDataset } from "../../../prisma/seed";
import { as } from "../../../test/support/callers";
import { expectBadUserInput } from "../../../test/support/assertions";
import { entitiesQuery, type GraphQLResponse, postGraphQL } from "../../../test/support/graphqlClient";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import { signedForSubgraph } from "../../../test/support/callers";
import { ANONYMOUS_WEB, CallerHeader, signedCallerHeaders } from "@platform/caller";
import type { PrismaClient } from "./generated/prisma/client";
import { customerSubgraph } from "./subgraph";

const { customers, stores } = demoDataset();
const consenting = customers.filter((customer) => customer.analyticsConsent).map((customer) => customer.id);
const notConsenting = customers.filter((customer) => !customer.analyticsConsent).map((customer) => customer.id);
const STORE = stores[0]!.id;
const OTHER_STORE = stores[1]!.id;
const DAY = 24 * 60 * 60 * 1000;

/** Each test takes customers of its own, so that no test sees another's touchpoints or consent. */
let nextConsenting = 0;
let nextNotConsenting = 0;
const consentingCustomer = () => take(consenting, nextConsenting++, "with");
const notConsentingCustomer = () => take(notConsenting, nextNotConsenting++, "without");

function take(ids: string[], index: number, kind: string): string {
  const id = ids[index];
  if (!id) throw new Error(`The demo dataset has only ${ids.length} customers ${kind} analytics consent; this suite needs more`);
  return id;
}

const TOUCHPOINT_FIELDS = "id type channel store { id } sku orderId occurredAt";

const RECORD = `mutation($input: RecordTouchpointInput!) {
  recordTouchpoint(input: $input) { recorded reason touchpoint { ${TOUCHPOINT_FIELDS} } }
}`;

const UPDATE_CONSENT = `mutation($input: UpdateConsentInput!) {
  updateConsent(input: $input) { id consent { marketing analytics updatedAt } }
}`;

const JOURNEY = `query($id: ID!) {
  customer(id: $id) {
    shoppingStage lastChannel
    touchpoints { totalCount edges { node { ${TOUCHPOINT_FIELDS} } } }
  }
}`;

type Headers = Record<string, string>;

const asCustomer = (customerId: string, channel = "WEB", storeId?: string): Headers => ({
  [CallerHeader.customer]: customerId,
  [CallerHeader.channel]: channel,
  ...(storeId ? { [CallerHeader.store]: storeId } : {}),
});

const asOrders = (channel = "WEB", storeId?: string): Headers => ({
  [CallerHeader.service]: "orders",
  [CallerHeader.channel]: channel,
  ...(storeId ? { [CallerHeader.store]: storeId } : {}),
});

let subgraph: TestSubgraph<PrismaClient>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(customerSubgraph, { caller: as.admin() });
});

afterAll(async () => {
  await subgraph?.stop();
});

/** As the gateway (or, with a service header, another subgraph) sends it: signed. */
function post(document: string, variables: Record<string, unknown>, headers: Headers): Promise<GraphQLResponse> {
  return postGraphQL(subgraph.url, document, variables, signedForSubgraph(headers));
}

function record(input: Record<string, unknown>, headers: Headers): Promise<GraphQLResponse> {
  return post(RECORD, { input }, headers);
}

async function recorded(input: Record<string, unknown>, headers: Headers) {
  const response = await record(input, headers);
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data.recordTouchpoint.recorded).toBe(true);
  return response.body.data.recordTouchpoint.touchpoint;
}

async function journeyOf(customerId: string) {
  const response = await subgraph.query(JOURNEY, { id: customerId });
  expect(response.body.errors).toBeUndefined();
  return response.body.data.customer;
}

function expectError(response: GraphQLResponse, code: string, messagePart?: string | RegExp): void {
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error!.extensions?.code).toBe(code);
  if (messagePart) expect(error!.message).toMatch(messagePart);
}

/** Writes touchpoints as they would have been recorded at these times (for the 14-day window). */
async function seedTouchpoints(customerId: string, rows: { type: string; at: Date; sku?: string; storeId?: string; orderId?: string; channel?: string }[]) {
  await subgraph.prisma.touchpoint.createMany({
    data: rows.map((row) => ({
      customerId,
      type: row.type as never,
      channel: (row.channel ?? "WEB") as never,
      sku: row.sku ?? null,
      storeId: row.storeId ?? null,
      orderId: row.orderId ?? null,
      occurredAt: row.at,
    })),
  });
}

describe("recordTouchpoint by a signed-in customer", () => {
  it("records a product view on the request's channel, when the customer has analytics consent", async () => {
    const customerId = consentingCustomer();
    const response = await record({ type: "PRODUCT_VIEWED", sku: "NW-0001-RED-XL" }, asCustomer(customerId, "MOBILE"));

    expect(response.body.errors).toBeUndefined();
    const result = response.body.data.recordTouchpoint;
    expect(result).toMatchObject({
      recorded: true,
      reason: null,
      touchpoint: { type: "PRODUCT_VIEWED", channel: "MOBILE", store: null, sku: "NW-0001-RED-XL", orderId: null },
    });
    expect(result.touchpoint.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(Date.parse(result.touchpoint.occurredAt) - Date.now())).toBeLessThan(60_000);
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId } })).toBe(1);
  });

  it("records nothing, and says why, without analytics consent", async () => {
    const customerId = notConsentingCustomer();
    const response = await record({ type: "ADDED_TO_CART", sku: "NW-0001-RED-XL" }, asCustomer(customerId));

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.recordTouchpoint).toEqual({ recorded: false, reason: "NO_ANALYTICS_CONSENT", touchpoint: null });
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId } })).toBe(0);
  });

  it("accepts its own id in the input", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1", customerId }, asCustomer(customerId));
  });

  it("records a kiosk check-in at the kiosk's store", async () => {
    const customerId = consentingCustomer();
    const touchpoint = await recorded({ type: "STORE_CHECK_IN" }, asCustomer(customerId, "KIOSK", STORE));

    expect(touchpoint).toMatchObject({ type: "STORE_CHECK_IN", channel: "KIOSK", store: { id: STORE } });
  });

  it("lets a phone check in by naming the store, but never contradict the request's store", async () => {
    const customerId = consentingCustomer();
    const touchpoint = await recorded({ type: "STORE_CHECK_IN", storeId: STORE }, asCustomer(customerId, "MOBILE"));
    expect(touchpoint).toMatchObject({ channel: "MOBILE", store: { id: STORE } });

    expectBadUserInput(await record({ type: "STORE_CHECK_IN", storeId: OTHER_STORE }, asCustomer(customerId, "KIOSK", STORE)), "input.storeId", "input.storeId");
    expectBadUserInput(await record({ type: "PRODUCT_VIEWED", sku: "S-1", storeId: STORE }, asCustomer(customerId, "WEB")), "input.storeId", "input.storeId");
  });

  it("refuses touchpoints without what they need", async () => {
    const customerId = consentingCustomer();
    expectBadUserInput(await record({ type: "STORE_CHECK_IN" }, asCustomer(customerId, "WEB")), "input.storeId", "input.storeId");
    expectBadUserInput(await record({ type: "PRODUCT_VIEWED" }, asCustomer(customerId)), "input.sku", "input.sku");
    expectBadUserInput(await record({ type: "ADDED_TO_CART", sku: "  " }, asCustomer(customerId)), "input.sku", "input.sku");
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId } })).toBe(0);
  });

  it.each(["ORDER_PLACED", "PICKED_UP"])("refuses %s from a customer: only the orders service records it", async (type) => {
    const customerId = consentingCustomer();
    const response = await record({ type, orderId: "order-1" }, asCustomer(customerId, "KIOSK", STORE));

    expectError(response, "FORBIDDEN", /orders service/);
    expect(response.body.data?.recordTouchpoint ?? null).toBeNull();
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId } })).toBe(0);
  });

  it("refuses a customer recording for another customer", async () => {
    const [me, other] = [consentingCustomer(), consentingCustomer()];
    expectError(await record({ type: "PRODUCT_VIEWED", sku: "S-1", customerId: other }, asCustomer(me)), "FORBIDDEN", /only for themselves/);
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId: { in: [me, other] } } })).toBe(0);
  });
});

describe("recordTouchpoint: identities", () => {
  it("refuses an anonymous caller, naming what is missing", async () => {
    const response = await record({ type: "PRODUCT_VIEWED", sku: "S-1", customerId: consenting[0] }, { [CallerHeader.channel]: "WEB" });

    expectError(response, "FORBIDDEN", /needs a signed-in customer/);
  });

  it("refuses a forged service identity", async () => {
    const forged = signedCallerHeaders("orders", ANONYMOUS_WEB, "not-the-deployment-secret-not-the-deployment-secret");
    const response = await record({ type: "ORDER_PLACED", orderId: "o-1", customerId: consenting[0] }, forged);

    expect(response.status).toBe(401);
    expectError(response, "UNAUTHENTICATED", /does not verify/);
  });

  it("refuses a genuine service that is not allowed to record touchpoints", async () => {
    const response = await record({ type: "ORDER_PLACED", orderId: "o-1", customerId: consenting[0] }, { [CallerHeader.service]: "catalog" });

    expectError(response, "FORBIDDEN", /allowed: orders/);
  });
});

describe("recordTouchpoint by the orders service", () => {
  it("records an order placed on behalf of a customer, with the pickup store", async () => {
    const customerId = consentingCustomer();
    const touchpoint = await recorded({ type: "ORDER_PLACED", customerId, orderId: "order-42", storeId: STORE }, asOrders("MOBILE"));

    expect(touchpoint).toMatchObject({ type: "ORDER_PLACED", channel: "MOBILE", store: { id: STORE }, orderId: "order-42", sku: null });
  });

  it("names the pickup store even when the order is placed at a kiosk in another store", async () => {
    const customerId = consentingCustomer();
    const touchpoint = await recorded({ type: "ORDER_PLACED", customerId, orderId: "order-44", storeId: OTHER_STORE }, asOrders("KIOSK", STORE));

    expect(touchpoint).toMatchObject({ channel: "KIOSK", store: { id: OTHER_STORE } });
  });

  it("takes the store of the request when the input names none", async () => {
    const customerId = consentingCustomer();
    const touchpoint = await recorded({ type: "PICKED_UP", customerId, orderId: "order-43" }, asOrders("KIOSK", STORE));

    expect(touchpoint).toMatchObject({ channel: "KIOSK", store: { id: STORE } });
  });

  it("must name the customer", async () => {
    expectBadUserInput(await record({ type: "ORDER_PLACED", orderId: "o-1" }, asOrders()), "input.customerId", "input.customerId");
  });

  it("needs the order for order touchpoints", async () => {
    expectBadUserInput(await record({ type: "ORDER_PLACED", customerId: consenting[0] }, asOrders()), "input.orderId", "input.orderId");
  });

  it("honours the customer's consent too", async () => {
    const customerId = notConsentingCustomer();
    const response = await record({ type: "ORDER_PLACED", customerId, orderId: "o-1" }, asOrders());

    expect(response.body.data.recordTouchpoint).toEqual({ recorded: false, reason: "NO_ANALYTICS_CONSENT", touchpoint: null });
  });

  it("gets NOT_FOUND for an unknown customer", async () => {
    const response = await record({ type: "ORDER_PLACED", customerId: "cust-9999", orderId: "o-1" }, asOrders());

    expectError(response, "NOT_FOUND", /cust-9999/);
  });
});

describe("updateConsent", () => {
  it("takes effect at once: the very next recordTouchpoint honours it, both ways", async () => {
    const customerId = consentingCustomer();
    const view = { type: "PRODUCT_VIEWED", sku: "S-1" };
    await recorded(view, asCustomer(customerId));

    const before = Date.now();
    const withdrawn = await post(UPDATE_CONSENT, { input: { analytics: false } }, asCustomer(customerId));
    expect(withdrawn.body.errors).toBeUndefined();
    const { consent } = withdrawn.body.data.updateConsent;
    expect(consent.analytics).toBe(false);
    expect(Date.parse(consent.updatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect((await record(view, asCustomer(customerId))).body.data.recordTouchpoint).toMatchObject({ recorded: false, reason: "NO_ANALYTICS_CONSENT" });

    const granted = await post(UPDATE_CONSENT, { input: { analytics: true } }, asCustomer(customerId));
    expect(granted.body.data.updateConsent.consent.analytics).toBe(true);
    await recorded(view, asCustomer(customerId));

    expect(await subgraph.prisma.touchpoint.count({ where: { customerId } })).toBe(2);
  });

  it("leaves the other choice as it is", async () => {
    const customer = customers.find((c) => c.marketingConsent && !c.analyticsConsent)!;
    const response = await post(UPDATE_CONSENT, { input: { analytics: false } }, asCustomer(customer.id));

    expect(response.body.data.updateConsent.consent).toMatchObject({ marketing: true, analytics: false });
  });

  it("can be made by a service naming the customer", async () => {
    const customerId = notConsentingCustomer();
    const response = await post(UPDATE_CONSENT, { input: { analytics: true, customerId } }, asOrders());

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.updateConsent).toMatchObject({ id: customerId, consent: { analytics: true } });
    await recorded({ type: "ORDER_PLACED", customerId, orderId: "o-7" }, asOrders());
  });

  it("needs at least one choice, the customer themselves, and a known customer", async () => {
    const customerId = consenting[0]!;
    expectBadUserInput(await post(UPDATE_CONSENT, { input: {} }, asCustomer(customerId)), "input", "input");
    expectError(await post(UPDATE_CONSENT, { input: { analytics: false } }, {}), "FORBIDDEN", /needs a signed-in customer/);
    expectError(
      await post(UPDATE_CONSENT, { input: { analytics: false, customerId: consenting[1] } }, asCustomer(customerId)),
      "FORBIDDEN",
    );
    expectError(await post(UPDATE_CONSENT, { input: { analytics: true, customerId: "cust-9999" } }, asOrders()), "NOT_FOUND");
  });
});

describe("dedupeKey", () => {
  it("returns the first touchpoint for a retried call, and writes one row", async () => {
    const customerId = consentingCustomer();
    const input = { type: "ORDER_PLACED", customerId, orderId: "order-9", dedupeKey: "order-placed:order-9" };
    const first = await recorded(input, asOrders("MOBILE"));
    const retry = await recorded(input, asOrders("MOBILE"));

    expect(retry).toEqual(first);
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId } })).toBe(1);
  });

  it("keeps one row when many identical calls race", async () => {
    const customerId = consentingCustomer();
    const input = { type: "ADDED_TO_CART", sku: "S-9", dedupeKey: "cart-line:1" };
    const responses = await Promise.all(Array.from({ length: 12 }, () => record(input, asCustomer(customerId, "MOBILE"))));

    for (const response of responses) {
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.recordTouchpoint.recorded).toBe(true);
    }
    expect(new Set(responses.map((response) => response.body.data.recordTouchpoint.touchpoint.id)).size).toBe(1);
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId } })).toBe(1);
  });

  it("is per customer, and touchpoints without one never collide", async () => {
    const [a, b] = [consentingCustomer(), consentingCustomer()];
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1", dedupeKey: "same" }, asCustomer(a));
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1", dedupeKey: "same" }, asCustomer(b));
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(a));
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(a));

    expect(await subgraph.prisma.touchpoint.count({ where: { customerId: a } })).toBe(3);
    expect(await subgraph.prisma.touchpoint.count({ where: { customerId: b } })).toBe(1);
  });
});

describe("Customer.shoppingStage and lastChannel", () => {
  it("are null for a customer without touchpoints", async () => {
    expect(await journeyOf(consentingCustomer())).toEqual({
      shoppingStage: null,
      lastChannel: null,
      touchpoints: { totalCount: 0, edges: [] },
    });
  });

  it("follow the customer across channels: MOBILE, then a KIOSK in a store", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(customerId, "MOBILE"));
    expect(await journeyOf(customerId)).toMatchObject({ shoppingStage: "BROWSING", lastChannel: "MOBILE" });

    await recorded({ type: "STORE_CHECK_IN" }, asCustomer(customerId, "KIOSK", STORE));
    const journey = await journeyOf(customerId);
    expect(journey).toMatchObject({ shoppingStage: "CONSIDERING", lastChannel: "KIOSK" });
    expect(journey.touchpoints.edges.map((edge: { node: { channel: string } }) => edge.node.channel)).toEqual(["KIOSK", "MOBILE"]);
  });

  it("BROWSING: views of different variants", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(customerId));
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-2" }, asCustomer(customerId));
    expect((await journeyOf(customerId)).shoppingStage).toBe("BROWSING");
  });

  it("CONSIDERING: the same variant viewed twice", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(customerId));
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-2" }, asCustomer(customerId, "MOBILE"));
    await recorded({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(customerId, "MOBILE"));
    expect((await journeyOf(customerId)).shoppingStage).toBe("CONSIDERING");
  });

  it("BROWSING again when the repeated views and store visits are older than 14 days", async () => {
    const customerId = consentingCustomer();
    const old = new Date(Date.now() - 15 * DAY);
    await seedTouchpoints(customerId, [
      { type: "PRODUCT_VIEWED", sku: "S-1", at: old },
      { type: "PRODUCT_VIEWED", sku: "S-1", at: new Date(old.getTime() + 1000) },
      { type: "STORE_CHECK_IN", storeId: STORE, at: new Date(old.getTime() + 2000) },
    ]);
    expect((await journeyOf(customerId)).shoppingStage).toBe("BROWSING");

    await seedTouchpoints(customerId, [{ type: "PRODUCT_VIEWED", sku: "S-1", at: new Date(Date.now() - 13 * DAY) }]);
    expect((await journeyOf(customerId)).shoppingStage).toBe("BROWSING");
    await seedTouchpoints(customerId, [{ type: "PRODUCT_VIEWED", sku: "S-1", at: new Date(Date.now() - 1 * DAY) }]);
    expect((await journeyOf(customerId)).shoppingStage).toBe("CONSIDERING");
  });

  it("IN_CART after adding to the cart, whatever was viewed before", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "STORE_CHECK_IN" }, asCustomer(customerId, "KIOSK", STORE));
    await recorded({ type: "ADDED_TO_CART", sku: "S-1" }, asCustomer(customerId, "KIOSK", STORE));
    expect((await journeyOf(customerId)).shoppingStage).toBe("IN_CART");
  });

  it("PURCHASED for an order shipped, superseding the cart", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "ADDED_TO_CART", sku: "S-1" }, asCustomer(customerId, "WEB"));
    await recorded({ type: "ORDER_PLACED", customerId, orderId: "order-ship" }, asOrders("WEB"));
    expect(await journeyOf(customerId)).toMatchObject({ shoppingStage: "PURCHASED", lastChannel: "WEB" });
  });

  it("AWAITING_PICKUP for a pickup order until it is picked up, then PURCHASED", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "ADDED_TO_CART", sku: "S-1" }, asCustomer(customerId, "MOBILE"));
    await recorded({ type: "ORDER_PLACED", customerId, orderId: "order-pick", storeId: STORE }, asOrders("KIOSK", STORE));
    expect(await journeyOf(customerId)).toMatchObject({ shoppingStage: "AWAITING_PICKUP", lastChannel: "KIOSK" });

    await recorded({ type: "PICKED_UP", customerId, orderId: "order-pick", storeId: STORE }, asOrders("HANDHELD", STORE));
    expect(await journeyOf(customerId)).toMatchObject({ shoppingStage: "PURCHASED", lastChannel: "HANDHELD" });
  });

  it("AWAITING_PICKUP only while that order is not picked up: another order's pickup does not count", async () => {
    const customerId = consentingCustomer();
    const now = Date.now();
    await seedTouchpoints(customerId, [
      { type: "PICKED_UP", orderId: "order-b", storeId: STORE, at: new Date(now - 2 * DAY) },
      { type: "ORDER_PLACED", orderId: "order-a", storeId: STORE, at: new Date(now - DAY) },
    ]);
    expect((await journeyOf(customerId)).shoppingStage).toBe("AWAITING_PICKUP");
  });

  it("keeps the touchpoints written before consent was withdrawn", async () => {
    const customerId = consentingCustomer();
    await recorded({ type: "ADDED_TO_CART", sku: "S-1" }, asCustomer(customerId));
    await post(UPDATE_CONSENT, { input: { analytics: false } }, asCustomer(customerId));
    await record({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(customerId));
    expect(await journeyOf(customerId)).toMatchObject({ shoppingStage: "IN_CART", touchpoints: { totalCount: 1 } });
  });
});

describe("Customer.touchpoints", () => {
  const PAGE = `query($id: ID!, $first: Int, $after: String) {
    customer(id: $id) { touchpoints(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id sku } } } }
  }`;

  it("pages newest first, with no row lost or repeated while pages are read", async () => {
    const customerId = consentingCustomer();
    for (let i = 1; i <= 5; i++) await recorded({ type: "PRODUCT_VIEWED", sku: `S-${i}` }, asCustomer(customerId));

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse = await subgraph.query(PAGE, { id: customerId, first: 2, after });
      expect(response.body.errors).toBeUndefined();
      const connection = response.body.data.customer.touchpoints;
      expect(connection.totalCount).toBe(5 + pages);
      seen.push(...connection.edges.map((edge: { node: { sku: string } }) => edge.node.sku));
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
      // A newer touchpoint arriving meanwhile does not shift the pages that follow.
      await recorded({ type: "PRODUCT_VIEWED", sku: `NEW-${pages}` }, asCustomer(customerId));
    }
    expect(seen).toEqual(["S-5", "S-4", "S-3", "S-2", "S-1"]);
    expect(pages).toBe(3);
  });

  it("rejects a bad page size or cursor as BAD_USER_INPUT", async () => {
    const customerId = consenting[0]!;
    expectBadUserInput(await subgraph.query(PAGE, { id: customerId, first: 0 }), "first", "first");
    expectBadUserInput(await subgraph.query(PAGE, { id: customerId, after: "not-a-cursor" }), "after", "after");
  });
});

describe("batching", () => {
  it("resolves shoppingStage and lastChannel of many customers in one SQL statement, touchpoints in two more", async () => {
    const ids = Array.from({ length: 6 }, () => consentingCustomer());
    const now = Date.now();
    for (const [index, customerId] of ids.entries()) {
      await seedTouchpoints(customerId, [
        { type: "PRODUCT_VIEWED", sku: "S-1", channel: "MOBILE", at: new Date(now - 3 * DAY) },
        { type: index % 2 === 0 ? "ADDED_TO_CART" : "PRODUCT_VIEWED", sku: "S-1", channel: "WEB", at: new Date(now - DAY) },
      ]);
    }
    const representations = [...ids, "cust-9999"].map((id) => ({ __typename: "Customer", id }));

    const summary = await subgraph.countStatements(() =>
      subgraph.query(entitiesQuery("Customer", "id shoppingStage lastChannel"), { representations }),
    );
    expect(summary.result.body.errors).toBeUndefined();
    expect(summary.result.body.data._entities).toEqual([
      ...ids.map((id, index) => ({ id, shoppingStage: index % 2 === 0 ? "IN_CART" : "CONSIDERING", lastChannel: "WEB" })),
      null,
    ]);
    expect(summary.statements).toBe(2); // the customers, then every summary

    const withTouchpoints = await subgraph.countStatements(() =>
      subgraph.query(entitiesQuery("Customer", "id shoppingStage lastChannel touchpoints(first: 1) { totalCount edges { node { channel } } }"), {
        representations,
      }),
    );
    expect(withTouchpoints.result.body.errors).toBeUndefined();
    expect(withTouchpoints.result.body.data._entities[0].touchpoints).toEqual({ totalCount: 2, edges: [{ node: { channel: "WEB" } }] });
    expect(withTouchpoints.statements).toBe(4); // + one page statement, + one count statement
  });
});

describe("cache-control", () => {
  // Everything about a customer is PRIVATE: 60 s for the account, 30 s once the journey is asked for.
  const customerId = customers[2]!.id;

  async function cacheControlOf(query: string, variables: Record<string, unknown> = {}): Promise<string | null> {
    const response = await subgraph.query(query, variables);
    expect(response.body.errors).toBeUndefined();
    return response.headers.get("cache-control");
  }

  it("answers max-age=60, private for the account, and 30 s with the journey", async () => {
    const account = `query($id: ID!) { customer(id: $id) { name email addresses { label address { city } } consent { analytics } preferredStore { id } } }`;
    expect(await cacheControlOf(account, { id: customerId })).toBe("max-age=60, private");
    expect(await cacheControlOf(`query($id: ID!) { customer(id: $id) { name shoppingStage } }`, { id: customerId })).toBe("max-age=30, private");
    expect(await cacheControlOf(`query($id: ID!) { customer(id: $id) { lastChannel } }`, { id: customerId })).toBe("max-age=30, private");
    expect(await cacheControlOf(JOURNEY, { id: customerId })).toBe("max-age=30, private");
  });

  it("answers the entity type's hint to _entities", async () => {
    const representations = [{ __typename: "Customer", id: customerId }];
    expect(await cacheControlOf(entitiesQuery("Customer", "name email"), { representations })).toBe("max-age=60, private");
    expect(await cacheControlOf(entitiesQuery("Customer", "name touchpoints { totalCount }"), { representations })).toBe("max-age=30, private");
  });
});

describe("invalidation tags", () => {
  const tagsOf = (customerId: string) => [`e:Customer:{"id":"${customerId}"}`, "r:customer"];

  // Last in the file, these reuse customers: the others have taken every fresh consenting one.
  it("updateConsent reports the customer, and is never cacheable though it returns one", async () => {
    const customerId = consenting[0]!;
    const response = await post(UPDATE_CONSENT, { input: { marketing: true } }, asCustomer(customerId));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.extensions?.invalidates).toEqual(tagsOf(customerId));
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("recordTouchpoint reports the customer when it records one, and nothing otherwise", async () => {
    const customerId = consenting[0]!;
    const input = { type: "ORDER_PLACED", customerId, orderId: "order-tags", dedupeKey: "order-placed:order-tags" };
    const first = await record(input, asOrders());
    expect(first.body.data.recordTouchpoint.recorded).toBe(true);
    expect(first.body.extensions?.invalidates).toEqual(tagsOf(customerId));
    // The retry finds the first touchpoint: nothing changed.
    expect((await record(input, asOrders())).body.extensions).toBeUndefined();

    const withoutConsent = await record({ type: "PRODUCT_VIEWED", sku: "S-1" }, asCustomer(notConsentingCustomer()));
    expect(withoutConsent.body.data.recordTouchpoint.recorded).toBe(false);
    expect(withoutConsent.body.extensions).toBeUndefined();
    const forbidden = await record({ type: "ORDER_PLACED", customerId, orderId: "o-1" }, asCustomer(customerId));
    expect(forbidden.body.errors).toBeDefined();
    expect(forbidden.body.extensions).toBeUndefined();
  });
});
