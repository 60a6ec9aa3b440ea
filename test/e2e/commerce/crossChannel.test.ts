import { randomUUID } from "node:crypto";
import { demoDataset } from "../../../prisma/seed";
import { as } from "../../support/commerceStack";
import { useCommerceSuite } from "./support/commerceSuite";

/**
 * One customer across channels: a cart started on the phone is picked up from its QR code at a
 * kiosk in the store, checked out for pickup there, handed over by an associate; the order and
 * the customer's journey show both channels.
 */
const dataset = demoDataset();
const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
const customer = dataset.customers.find((candidate) => candidate.analyticsConsent)!;
const stocked = dataset.stock.filter((row) => row.storeId === store.id && row.onHand - row.reserved >= 3);
const [sku, anonymousSku] = stocked.map((row) => row.sku);

const suite = useCommerceSuite();

const JOURNEY = `query($id: ID!) {
  customer(id: $id) { shoppingStage lastChannel touchpoints(first: 20) { edges { node { type channel store { id } orderId } } } }
}`;

it("starts a cart on MOBILE, completes it at a KIOSK for store pickup, and the order and journey show both channels", async () => {
  const phone = as.mobile(customer.id);
  const token = await suite.shop.createCart(phone);
  await suite.shop.addLine(token, sku!, 2, phone);
  const before = await suite.shop.stockAt(sku!, store.id);

  // The kiosk scans the cart's QR code (its token): nobody signs in at the kiosk.
  const kiosk = as.kiosk(store.id);
  const seenAtKiosk = suite.shop.ok(
    await suite.stack.query(
      `query($token: ID!, $storeId: ID!) { cart(token: $token) { createdOn itemCount lines { sku quantity variant { price { amountMinor } availability(storeId: $storeId) { available } } } } }`,
      { token, storeId: store.id },
      kiosk,
    ),
  ).cart;
  expect(seenAtKiosk).toMatchObject({ createdOn: "MOBILE", itemCount: 2, lines: [{ sku, quantity: 2, variant: { availability: { available: before.available } } }] });
  expect(seenAtKiosk.lines[0].variant.price.amountMinor).toBeGreaterThan(0);

  const order = suite.shop.ok(await suite.shop.checkout(token, randomUUID(), store.id, kiosk)).checkout;
  expect(order).toMatchObject({ status: "PLACED", channels: ["MOBILE", "KIOSK"] });
  expect(await suite.shop.stockAt(sku!, store.id)).toEqual({ ...before, reserved: before.reserved + 2, available: before.available - 2 });

  const placed = suite.shop.ok(await suite.stack.query(JOURNEY, { id: customer.id }, as.web(customer.id))).customer;
  expect(placed.shoppingStage).toBe("AWAITING_PICKUP");
  expect(placed.lastChannel).toBe("KIOSK");
  const touchpoints = placed.touchpoints.edges.map((edge: { node: unknown }) => edge.node);
  expect(touchpoints).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ type: "ADDED_TO_CART", channel: "MOBILE" }),
      expect.objectContaining({ type: "ORDER_PLACED", channel: "KIOSK", orderId: order.id, store: { id: store.id } }),
    ]),
  );

  const associate = as.associate(store.id);
  suite.shop.ok(await suite.stack.query(`mutation($id: ID!) { markOrderReadyForPickup(orderId: $id) { status } }`, { id: order.id }, associate));
  const completed = suite.shop.ok(await suite.stack.query(`mutation($id: ID!) { completeOrder(orderId: $id) { status nextStatuses } }`, { id: order.id }, associate));
  expect(completed.completeOrder).toEqual({ status: "COMPLETED", nextStatuses: [] });
  expect(await suite.shop.stockAt(sku!, store.id)).toEqual({ onHand: before.onHand - 2, reserved: before.reserved, available: before.available - 2 });
  expect(suite.shop.ok(await suite.stack.query(JOURNEY, { id: customer.id }, as.web(customer.id))).customer.shoppingStage).toBe("PURCHASED");

  const again = await suite.stack.query(`mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id: order.id }, associate);
  expect(again.body.errors![0]).toMatchObject({
    message: expect.stringContaining("is COMPLETED"),
    extensions: { code: "BAD_USER_INPUT", currentStatus: "COMPLETED" },
  });
});

it("merges an anonymous cart into the customer's cart when they sign in", async () => {
  const own = await suite.shop.createCart(as.web(customer.id));
  await suite.shop.addLine(own, sku!, 1, as.web(customer.id));
  const anonymous = await suite.shop.createCart(as.mobile());
  await suite.shop.addLine(anonymous, sku!, 1, as.mobile());
  await suite.shop.addLine(anonymous, anonymousSku!, 1, as.mobile());

  const merged = suite.shop.ok(
    await suite.stack.query(`mutation($token: ID!) { signInCart(cartToken: $token) { token lines { sku quantity } } }`, { token: anonymous }, as.mobile(customer.id)),
  ).signInCart;
  expect(merged.token).toBe(own);
  expect(merged.lines).toEqual([
    { sku, quantity: 2 },
    { sku: anonymousSku, quantity: 1 },
  ]);
  const left = suite.shop.ok(await suite.stack.query(`query($token: ID!) { cart(token: $token) { status } }`, { token: anonymous })).cart;
  expect(left.status).toBe("MERGED");
});

it("prices the same variant the same on every channel unless a channel has its own price", async () => {
  const variant = dataset.products.flatMap((product) => product.variants).find((candidate) => candidate.prices.some((price) => price.channel === "WEB"))!;
  const price = async (headers: Record<string, string>) =>
    suite.shop.ok(await suite.stack.query(`query($sku: String!) { variant(sku: $sku) { price { amountMinor } } }`, { sku: variant.sku }, headers)).variant.price.amountMinor;
  const [web, mobile, kiosk, handheld] = await Promise.all([price(as.web()), price(as.mobile()), price(as.kiosk(store.id)), price(as.associate(store.id))]);
  expect(web).not.toBe(mobile);
  expect(new Set([mobile, kiosk, handheld]).size).toBe(1);
});

it("believes the app's API key and the person's token, never caller headers a client writes itself", async () => {
  const signedIn = as.web(customer.id);
  const token = await suite.shop.createCart(signedIn);
  expect(suite.shop.ok(await suite.stack.query(`{ myCart { token } }`, {}, signedIn)).myCart).toEqual({ token });

  const claiming = { "x-api-key": "dev-web-key", "x-commerce-customer": customer.id, "x-commerce-channel": "KIOSK", "x-commerce-store": "store-1" };
  const response = await suite.stack.query(`{ myCart { token } }`, {}, claiming);
  expect(response.status).toBe(200);
  expect(response.body.data.myCart).toBeNull();
});

describe("refusals, each with a clear error", () => {
  const other = dataset.customers.find((candidate) => candidate.id !== customer.id)!;
  const code = (response: { body: { errors?: { extensions?: Record<string, any> }[] } }) => response.body.errors?.[0]?.extensions?.code;
  const checkoutWith = (token: string, fulfilment: object, headers: Record<string, string>, key: string = randomUUID()) =>
    suite.stack.query(`mutation($input: CheckoutInput!) { checkout(input: $input) { id } }`, { input: { cartToken: token, idempotencyKey: key, fulfilment } }, headers);

  it("on carts: a malformed or unknown token, a bad quantity, an unknown SKU", async () => {
    const phone = as.mobile(customer.id);
    expect(code(await suite.stack.query(`query { cart(token: "nope") { status } }`))).toBe("BAD_USER_INPUT");
    expect(code(await suite.stack.query(`query($t: ID!) { cart(token: $t) { status } }`, { t: "A".repeat(43) }))).toBe("NOT_FOUND");
    const token = await suite.shop.createCart(phone);
    const add = (sku: string, quantity: number) =>
      suite.stack.query(`mutation($input: AddCartLineInput!) { addCartLine(input: $input) { token } }`, { input: { cartToken: token, sku, quantity } }, phone);
    for (const quantity of [0, -1, 100]) expect((await add(sku!, quantity)).body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "quantity" } });
    expect((await add("NO-SUCH-SKU", 1)).body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "sku" } });
  });

  it("on checkout: an empty cart, a bad fulfilment, a bad key, nobody to bill, another customer's cart", async () => {
    const phone = as.mobile(customer.id);
    const empty = await suite.shop.createCart(phone);
    expect(code(await checkoutWith(empty, { type: "PICKUP", pickupStoreId: store.id }, phone))).toBe("BAD_USER_INPUT");

    const token = await suite.shop.createCart(phone);
    await suite.shop.addLine(token, sku!, 1, phone);
    const address = { line1: "1 High St", city: "London", postcode: "N1 1AA", country: "GB" };
    expect((await checkoutWith(token, { type: "PICKUP" }, phone)).body.errors![0]!.extensions!.argument).toBe("fulfilment.pickupStoreId");
    expect((await checkoutWith(token, { type: "SHIP" }, phone)).body.errors![0]!.extensions!.argument).toBe("fulfilment.shippingAddress");
    expect((await checkoutWith(token, { type: "SHIP", shippingAddress: { ...address, country: "England" } }, phone)).body.errors![0]!.extensions!.argument).toBe(
      "fulfilment.shippingAddress.country",
    );
    expect((await checkoutWith(token, { type: "PICKUP", pickupStoreId: store.id }, phone, "short")).body.errors![0]!.extensions!.argument).toBe("idempotencyKey");
    expect(code(await checkoutWith(token, { type: "PICKUP", pickupStoreId: store.id }, as.mobile(other.id)))).toBe("FORBIDDEN");

    const anonymous = await suite.shop.createCart(as.web());
    await suite.shop.addLine(anonymous, sku!, 1, as.web());
    expect(code(await checkoutWith(anonymous, { type: "PICKUP", pickupStoreId: store.id }, as.web()))).toBe("FORBIDDEN");

    // Nothing above reserved anything.
    const shipped = await checkoutWith(token, { type: "SHIP", shippingAddress: address }, phone);
    expect(shipped.body.errors).toBeUndefined();
  });

  it("on the order lifecycle: the wrong fulfilment, the wrong store, the wrong customer", async () => {
    const phone = as.mobile(customer.id);
    const token = await suite.shop.createCart(phone);
    await suite.shop.addLine(token, sku!, 1, phone);
    const order = suite.shop.ok(await suite.shop.checkout(token, randomUUID(), store.id, phone)).checkout;
    const move = (mutation: string, headers: Record<string, string>) => suite.stack.query(`mutation($id: ID!) { ${mutation}(orderId: $id) { status } }`, { id: order.id }, headers);

    const otherStore = dataset.stores.find((candidate) => candidate.id !== store.id)!;
    expect((await move("shipOrder", as.associate(store.id))).body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", currentStatus: "PLACED" } });
    expect(code(await move("markOrderReadyForPickup", as.associate(otherStore.id)))).toBe("FORBIDDEN");
    expect(code(await move("markOrderReadyForPickup", phone))).toBe("FORBIDDEN");
    // Another customer's order is NOT_FOUND, exactly like an unknown one.
    expect((await move("cancelOrder", as.mobile(other.id))).body.errors![0]).toMatchObject({ message: `No order has id "${order.id}"`, extensions: { code: "NOT_FOUND" } });
    expect(code(await move("completeOrder", as.associate(store.id)))).toBe("BAD_USER_INPUT");

    const before = await suite.shop.stockAt(sku!, store.id);
    expect(suite.shop.ok(await move("cancelOrder", phone))).toEqual({ cancelOrder: { status: "CANCELLED" } });
    expect(await suite.shop.stockAt(sku!, store.id)).toEqual({ ...before, reserved: before.reserved - 1, available: before.available + 1 });
  });
});
