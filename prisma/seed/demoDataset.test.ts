import { CHANNELS, DEMO_COUNTS, demoDataset, priceFor } from "./demoDataset";
import { gtin13CheckDigit, isValidGtin, makeGtin13 } from "./gtin";

describe("demo dataset", () => {
  const dataset = demoDataset();
  const variants = dataset.products.flatMap((product) => product.variants);

  it("has the promised size", () => {
    expect(dataset.stores.filter((store) => store.kind === "STORE").length).toBeGreaterThanOrEqual(3);
    expect(dataset.stores.filter((store) => store.kind === "WAREHOUSE").length).toBeGreaterThanOrEqual(1);
    expect(dataset.products).toHaveLength(DEMO_COUNTS.products);
    expect(dataset.customers).toHaveLength(DEMO_COUNTS.customers);
    expect(dataset.orders).toHaveLength(DEMO_COUNTS.orders);
    expect(new Set(dataset.orders.map((order) => order.channel))).toEqual(new Set(CHANNELS));
  });

  it("has unique identifiers and valid barcodes", () => {
    const unique = (values: string[]) => new Set(values).size === values.length;
    expect(unique(variants.map((variant) => variant.sku))).toBe(true);
    expect(unique(variants.map((variant) => variant.barcode))).toBe(true);
    expect(unique(dataset.products.map((product) => product.slug))).toBe(true);
    expect(unique(dataset.customers.map((customer) => customer.email))).toBe(true);
    expect(variants.every((variant) => isValidGtin(variant.barcode))).toBe(true);
  });

  it("stocks and shelves every variant in every location", () => {
    const expected = variants.length * dataset.stores.length;
    expect(dataset.stock).toHaveLength(expected);
    expect(dataset.shelfLocations).toHaveLength(expected);
    expect(dataset.stock.every((row) => row.onHand >= 0 && row.reserved <= row.onHand)).toBe(true);
  });

  it("only references what exists", () => {
    const skus = new Set(variants.map((variant) => variant.sku));
    const storeIds = new Set(dataset.stores.map((store) => store.id));
    const customerIds = new Set(dataset.customers.map((customer) => customer.id));
    for (const order of dataset.orders) {
      expect(customerIds.has(order.customerId)).toBe(true);
      expect(order.lines.every((line) => skus.has(line.sku))).toBe(true);
      if (order.fulfilment.type === "PICKUP") expect(storeIds.has(order.fulfilment.storeId)).toBe(true);
    }
  });

  it("holds stock for exactly the orders that have not left, at their location", () => {
    const holding = dataset.orders.filter((order) => order.status === "PLACED" || order.status === "READY_FOR_PICKUP");
    expect(dataset.reservations.map((reservation) => reservation.reference).sort()).toEqual(holding.map((order) => order.id).sort());
    for (const order of holding) {
      const reservation = dataset.reservations.find((candidate) => candidate.reference === order.id)!;
      expect(reservation.storeId).toBe(order.fulfilment.type === "PICKUP" ? order.fulfilment.storeId : "warehouse-daventry");
      expect(reservation.lines).toEqual(order.lines.map(({ sku, quantity }) => ({ sku, quantity })));
    }
    const held = new Map<string, number>();
    for (const { storeId, lines } of dataset.reservations) {
      for (const { sku, quantity } of lines) held.set(`${sku}@${storeId}`, (held.get(`${sku}@${storeId}`) ?? 0) + quantity);
    }
    for (const row of dataset.stock) expect(row.reserved).toBe(held.get(`${row.sku}@${row.storeId}`) ?? 0);
    expect(held.size).toBeGreaterThan(0);
  });

  it("is the same on every call", () => {
    expect(demoDataset()).toBe(dataset);
    expect(dataset.products[0]!.variants[0]!.sku).toBe("NW-0001-RED-XL");
  });

  it("prices a channel with its own price, else the default", () => {
    const withWebPrice = variants.find((variant) => variant.prices.some((price) => price.channel === "WEB"))!;
    const webPrice = withWebPrice.prices.find((price) => price.channel === "WEB")!;
    expect(priceFor(withWebPrice, "WEB")).toBe(webPrice);
    expect(priceFor(withWebPrice, "KIOSK").channel).toBeNull();
  });
});

describe("GTIN", () => {
  it("computes the GS1 check digit", () => {
    expect(gtin13CheckDigit("400638133393")).toBe(1);
    expect(makeGtin13("50", 1)).toBe("5000000000012");
  });

  it.each(["4006381333931", "96385074", "036000291452", "00012345600012"])("accepts %p", (code) => {
    expect(isValidGtin(code)).toBe(true);
  });

  it.each(["4006381333932", "1234567", "abcdefghijklm", "", "40063813339310000"])("rejects %p", (code) => {
    expect(isValidGtin(code)).toBe(false);
  });
});
