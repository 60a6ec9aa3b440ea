import { randomUUID } from "node:crypto";
import { issueDevelopmentToken } from "../../../gateway/src/auth";
import { demoDataset } from "../../../prisma/seed";
import { as, type CommerceStack, startCommerceStack } from "../../support/commerceStack";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";
import type { GraphQLResponse } from "../../support/graphqlClient";

/**
 * Who may do what, through the gateway with its response cache on (on Redis when
 * TEST_REDIS_URL is set): six callers times every sensitive query and mutation. A caller who may
 * not gets FORBIDDEN with a message naming what is missing, never someone else's data; a caller
 * who may gets the data. One exception: another customer's order is answered exactly like an
 * unknown one (null), so that a customer cannot probe which order numbers exist. Each query is asked twice by every caller, allowed callers
 * first, so a denied caller is asked after the allowed ones' answers are in the cache.
 */
const dataset = demoDataset();
const [london, manchester] = dataset.stores.filter((store) => store.kind === "STORE");
const pickupOrder = dataset.orders.find((order) => order.fulfilment.type === "PICKUP" && order.fulfilment.storeId === london!.id && order.status === "PLACED")!;
const customerA = dataset.customers.find((customer) => customer.id === pickupOrder.customerId)!;
const customerB = dataset.customers.find((customer) => customer.id !== customerA.id)!;
/** Erased by the admin at the end of the erasure row, after everyone else was refused. */
const customerC = dataset.customers.find((customer) => customer.id !== customerA.id && customer.id !== customerB.id)!;
const stocked = dataset.stock.find((row) => row.storeId === london!.id && row.onHand > 0)!;

const CALLERS = {
  anonymous: as.web(),
  customerA: as.web(customerA.id),
  customerB: as.web(customerB.id),
  associateOfStore1: as.associate(london!.id, "assoc-london"),
  associateOfStore2: as.associate(manchester!.id, "assoc-manchester"),
  admin: as.admin("admin-1"),
};
type CallerName = keyof typeof CALLERS;
const EVERYONE = Object.keys(CALLERS) as CallerName[];

interface Case {
  name: string;
  allowed: CallerName[];
  /** Run once per caller: the operation, its variables, and what an allowed caller must see. */
  operation: (caller: CallerName) => { query: string; variables?: Record<string, unknown> };
  expectAllowed?: (data: any) => void;
  /** Mutations change state: asked once per caller, denied callers first. */
  mutation?: boolean;
  /** Denied callers who get what an unknown id gets (null, no error) rather than FORBIDDEN. */
  asIfUnknown?: CallerName[];
}

let stack: CommerceStack;
let cartOfA: string;

beforeAll(async () => {
  stack = await startCommerceStack({ cache: { enabled: true, redisUrl: process.env.TEST_REDIS_URL, keyPrefix: `gw-matrix-${randomUUID()}:` } });
  const created = await stack.query(`mutation { createCart { token } }`, {}, CALLERS.customerA);
  cartOfA = created.body.data.createCart.token;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const CASES: Case[] = [
  {
    name: "customer(id) with profile and addresses",
    allowed: ["customerA", "admin"],
    operation: () => ({ query: `query($id: ID!) { customer(id: $id) { email phone addresses { label address { line1 } } } }`, variables: { id: customerA.id } }),
    expectAllowed: (data) => expect(data.customer.email).toBe(customerA.email),
  },
  {
    name: "customerByEmail",
    allowed: ["admin"],
    operation: () => ({ query: `query($email: String!) { customerByEmail(email: $email) { id } }`, variables: { email: customerA.email } }),
    expectAllowed: (data) => expect(data.customerByEmail.id).toBe(customerA.id),
  },
  {
    name: "a customer's order history",
    allowed: ["customerA", "admin"],
    operation: () => ({ query: `query($id: ID!) { customer(id: $id) { orders(first: 5) { totalCount } } }`, variables: { id: customerA.id } }),
    expectAllowed: (data) => expect(data.customer.orders.totalCount).toBeGreaterThan(0),
  },
  {
    name: "order(id), collected at store 1",
    allowed: ["customerA", "associateOfStore1", "admin"],
    asIfUnknown: ["customerB"],
    operation: () => ({ query: `query($id: ID!) { order(id: $id) { number total { amount } } }`, variables: { id: pickupOrder.id } }),
    expectAllowed: (data) => expect(data.order.number).toBe(pickupOrder.number),
  },
  {
    name: "orderByNumber, collected at store 1",
    allowed: ["customerA", "associateOfStore1", "admin"],
    asIfUnknown: ["customerB"],
    operation: () => ({ query: `query($number: String!) { orderByNumber(number: $number) { id } }`, variables: { number: pickupOrder.number } }),
    expectAllowed: (data) => expect(data.orderByNumber.id).toBe(pickupOrder.id),
  },
  {
    name: "cart(token) of customer A (the token opens it where nobody else is signed in)",
    allowed: ["customerA", "anonymous", "associateOfStore1", "associateOfStore2", "admin"],
    operation: () => ({ query: `query($token: ID!) { cart(token: $token) { token } }`, variables: { token: cartOfA } }),
    expectAllowed: (data) => expect(data.cart.token).toBe(cartOfA),
  },
  {
    name: "customerDataExport",
    allowed: ["customerA", "admin"],
    operation: () => ({ query: `query($id: ID) { customerDataExport(customerId: $id) { profile { email } } }`, variables: { id: customerA.id } }),
    expectAllowed: (data) => expect(data.customerDataExport.profile.email).toBe(customerA.email),
  },
  {
    name: "stockMovements of store 1",
    allowed: ["associateOfStore1", "admin"],
    operation: () => ({ query: `query($storeId: ID!) { stockMovements(storeId: $storeId, first: 1) { totalCount } }`, variables: { storeId: london!.id } }),
    expectAllowed: (data) => expect(data.stockMovements.totalCount).toBeGreaterThan(0),
  },
  {
    name: "adjustStock at store 1",
    allowed: ["associateOfStore1", "admin"],
    mutation: true,
    operation: () => ({
      query: `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { delta } }`,
      variables: { input: { sku: stocked.sku, storeId: london!.id, reason: "FOUND", delta: 1 } },
    }),
    expectAllowed: (data) => expect(data.adjustStock.delta).toBe(1),
  },
  {
    name: "setPrice",
    allowed: ["admin"],
    mutation: true,
    operation: () => ({
      query: `mutation($input: SetPriceInput!) { setPrice(input: $input) { sku } }`,
      variables: { input: { sku: stocked.sku, channel: "KIOSK", amountMinor: 1999 } },
    }),
    expectAllowed: (data) => expect(data.setPrice.sku).toBe(stocked.sku),
  },
  {
    name: "updateConsent for customer A",
    allowed: ["customerA", "admin"],
    mutation: true,
    operation: (caller) => ({
      query: `mutation($input: UpdateConsentInput!) { updateConsent(input: $input) { id } }`,
      // A customer names nobody (it is their own); anyone else must say whose.
      variables: { input: { marketing: true, ...(caller === "customerA" ? {} : { customerId: customerA.id }) } },
    }),
    expectAllowed: (data) => expect(data.updateConsent.id).toBe(customerA.id),
  },
  {
    name: "addCartLine to customer A's cart",
    allowed: ["customerA", "anonymous", "associateOfStore1", "associateOfStore2", "admin"],
    mutation: true,
    operation: () => ({
      query: `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { token } }`,
      variables: { input: { cartToken: cartOfA, sku: stocked.sku, quantity: 1 } },
    }),
    expectAllowed: (data) => expect(data.addCartLine.token).toBe(cartOfA),
  },
  {
    name: "markOrderReadyForPickup, collected at store 1",
    allowed: ["associateOfStore1", "admin"],
    mutation: true,
    operation: () => ({ query: `mutation($id: ID!) { markOrderReadyForPickup(orderId: $id) { status } }`, variables: { id: pickupOrder.id } }),
  },
  {
    name: "eraseCustomer of customer C",
    allowed: ["admin"],
    mutation: true,
    operation: () => ({ query: `mutation($id: ID!) { eraseCustomer(customerId: $id) { customerId } }`, variables: { id: customerC.id } }),
    expectAllowed: (data) => expect(data.eraseCustomer.customerId).toBe(customerC.id),
  },
];

/** Denied first, so that a mutation an allowed caller has done cannot answer them with a state error instead. */
function order(allowed: CallerName[]): CallerName[] {
  return [...EVERYONE.filter((caller) => !allowed.includes(caller)), ...EVERYONE.filter((caller) => allowed.includes(caller))];
}

function describeOutcome(response: GraphQLResponse): string {
  const error = response.body.errors?.[0];
  return error ? `${error.extensions?.code}: ${error.message}` : "data";
}

describe.each(CASES)("$name", (testCase) => {
  const denied = EVERYONE.filter((caller) => !testCase.allowed.includes(caller));
  const asIfUnknown = testCase.asIfUnknown ?? [];
  const refused = denied.filter((caller) => !asIfUnknown.includes(caller));
  const nulled = asIfUnknown.length ? `, answers ${asIfUnknown.join(", ")} null as for an unknown id` : "";

  it(`refuses ${refused.join(", ") || "nobody"} with FORBIDDEN and a message${nulled}, and serves ${testCase.allowed.join(", ") || "nobody"}`, async () => {
    const outcomes: string[] = [];
    const rounds = testCase.mutation ? 1 : 2;
    for (let round = 0; round < rounds; round++) {
      // Queries: allowed callers first (their answers fill the cache), then the denied.
      const callers = testCase.mutation ? order(testCase.allowed) : [...testCase.allowed, ...denied];
      for (const caller of callers) {
        const { query, variables } = testCase.operation(caller);
        const response = await stack.query(query, variables, CALLERS[caller]);
        expect(response.status).toBeLessThan(500);
        const error = response.body.errors?.[0];
        if (testCase.allowed.includes(caller)) {
          if (error?.extensions?.code === "FORBIDDEN" || error?.extensions?.code === "UNAUTHENTICATED") outcomes.push(`${caller} refused: ${describeOutcome(response)}`);
          // A lifecycle step done once is done: the next allowed caller may meet INVALID_STATE, never a refusal.
          else if (!error) testCase.expectAllowed?.(response.body.data);
        } else if (asIfUnknown.includes(caller)) {
          if (error || Object.values(response.body.data ?? { missing: true }).some((value) => value !== null)) {
            outcomes.push(`${caller} not answered as for an unknown id: ${describeOutcome(response)} ${JSON.stringify(response.body.data)}`);
          }
        } else {
          if (error?.extensions?.code !== "FORBIDDEN" || !error.message) outcomes.push(`${caller} not refused: ${describeOutcome(response)} ${JSON.stringify(response.body.data)}`);
          // Never a leak: the denied field is null, with the error.
          else expect(JSON.stringify(response.body.data ?? null)).not.toContain(customerA.email);
        }
      }
    }
    expect(outcomes).toEqual([]);
  });
});

describe("identity at the gateway", () => {
  it("refuses a request without an API key, or with an unknown one, with 401", async () => {
    for (const key of ["", "not-a-key"]) {
      const response = await stack.query(`{ categories { slug } }`, {}, { "x-api-key": key });
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" }, message: expect.stringMatching(/API key/) });
    }
  });

  it("refuses a token that does not verify with 401 and says why", async () => {
    const response = await stack.query(`{ categories { slug } }`, {}, { "x-api-key": "dev-web-key", authorization: "Bearer not.a.jwt" });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" }, message: expect.stringMatching(/token/) });
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
  });

  it("refuses an associate of one store on a handheld bound to another with 403", async () => {
    const token = await issueDevelopmentToken({ role: "associate", id: "assoc-london", storeId: london!.id });
    const response = await stack.query(`{ categories { slug } }`, {}, { "x-api-key": "dev-handheld-manchester-key", authorization: `Bearer ${token}` });
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: expect.stringContaining(manchester!.id) });
  });

  it("accepts an associate's token only with a handheld key of their store, and an admin's only with a back-office key", async () => {
    const associate = `Bearer ${await issueDevelopmentToken({ role: "associate", id: "assoc-london", storeId: london!.id })}`;
    const admin = `Bearer ${await issueDevelopmentToken({ role: "admin", id: "admin-1" })}`;
    const adjust = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { delta } }`;
    const variables = { input: { sku: stocked.sku, storeId: london!.id, reason: "FOUND", delta: 1 } };
    const attempts = [
      ["associate, web key", associate, "dev-web-key"],
      ["associate, mobile key", associate, "dev-mobile-key"],
      ["associate, their store's kiosk key", associate, "dev-kiosk-london-key"],
      ["associate, back-office key", associate, "dev-back-office-key"],
      ["admin, web key", admin, "dev-web-key"],
      ["admin, their store's handheld key", admin, "dev-handheld-london-key"],
    ] as const;
    const outcomes = await Promise.all(
      attempts.map(async ([name, authorization, key]) => {
        const response = await stack.query(adjust, variables, { "x-api-key": key, authorization });
        return [name, response.status, response.body.errors?.[0]?.extensions?.code, response.body.data ?? null];
      }),
    );
    expect(outcomes).toEqual(attempts.map(([name]) => [name, 403, "FORBIDDEN", null]));
    const refusal = await stack.query(adjust, variables, { "x-api-key": "dev-web-key", authorization: associate });
    expect(refusal.body.errors?.[0]?.message).toBe(`An associate's token is accepted only with a handheld key of their store (${london!.id}); this request's key is a WEB app's key`);

    const allowed = await Promise.all([
      stack.query(adjust, variables, { "x-api-key": "dev-handheld-london-key", authorization: associate }),
      stack.query(adjust, variables, { "x-api-key": "dev-back-office-key", authorization: admin }),
    ]);
    expect(allowed.map((response) => [response.body.errors, response.body.data?.adjustStock?.delta])).toEqual([
      [undefined, 1],
      [undefined, 1],
    ]);
  });

  it("accepts staff tokens with other keys where GATEWAY_ASSOCIATES_ON_ANY_KEY and GATEWAY_ADMINS_ON_ANY_KEY say so (a store-bound key of another store stays refused)", async () => {
    const relaxed = await stack.addGateway({ enabled: false, redisUrl: undefined }, {
      auth: { ...testGatewayConfig({ supergraphPath: "" }).auth, staffKeys: { associatesOnAnyKey: true, adminsOnAnyKey: true } },
    });
    const associate = `Bearer ${await issueDevelopmentToken({ role: "associate", id: "assoc-london", storeId: london!.id })}`;
    const admin = `Bearer ${await issueDevelopmentToken({ role: "admin", id: "admin-1" })}`;
    const whoAmI = `{ stockMovements(storeId: "${london!.id}", first: 1) { totalCount } }`;
    const answers = await Promise.all([
      relaxed.query(whoAmI, {}, { "x-api-key": "dev-web-key", authorization: associate }),
      relaxed.query(whoAmI, {}, { "x-api-key": "dev-mobile-key", authorization: admin }),
      relaxed.query(whoAmI, {}, { "x-api-key": "dev-handheld-manchester-key", authorization: associate }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body.errors?.[0]?.extensions?.code])).toEqual([
      [200, undefined],
      [200, undefined],
      [403, "FORBIDDEN"],
    ]);
  });

  it("refuses an expired token, and one signed with another secret", async () => {
    const expired = await issueDevelopmentToken({ role: "customer", id: customerA.id }, { expiresIn: "-1h" });
    const forged = await issueDevelopmentToken({ role: "admin", id: "mallory" }, { secret: "x".repeat(48) });
    const answers = await Promise.all(
      [expired, forged].map((token) => stack.query(`{ categories { slug } }`, {}, { "x-api-key": "dev-web-key", authorization: `Bearer ${token}` })),
    );
    expect(answers.map((answer) => [answer.status, answer.body.errors?.[0]?.message])).toEqual([
      [401, "The token has expired: sign in again"],
      [401, "The token's signature does not verify"],
    ]);
  });
});
