import { makeGtin13 } from "./gtin";
import { createRandom, type Random } from "./random";

/**
 * The demo world, generated deterministically. Each domain's seed writes only its own part,
 * so the identifiers (store ids, SKUs, customer ids) line up across subgraphs without any
 * subgraph reading another's tables.
 */

export type Channel = "WEB" | "MOBILE" | "KIOSK" | "HANDHELD";
export const CHANNELS: readonly Channel[] = ["WEB", "MOBILE", "KIOSK", "HANDHELD"];
export const CURRENCY = "GBP";

export interface DemoStore {
  id: string;
  code: string;
  name: string;
  kind: "STORE" | "WAREHOUSE";
  address: { line1: string; city: string; postcode: string; country: string };
  latitude: number;
  longitude: number;
  /** Seven entries, Monday first; null when closed. Times are local "HH:MM". */
  openingHours: { dayOfWeek: number; opens: string; closes: string }[];
}

export interface DemoCategory {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
}

export interface DemoPrice {
  /** null: the price on every channel that has no price of its own. */
  channel: Channel | null;
  amountMinor: number;
  currency: string;
}

export interface DemoVariant {
  sku: string;
  productId: string;
  barcode: string;
  size: string;
  colour: string;
  prices: DemoPrice[];
}

export interface DemoProduct {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId: string;
  images: string[];
  variants: DemoVariant[];
}

export interface DemoStock {
  sku: string;
  storeId: string;
  onHand: number;
  reserved: number;
}

/** Units held in inventory for an order that has not left yet (PLACED, READY_FOR_PICKUP): reference = the order's id. */
export interface DemoReservation {
  reference: string;
  storeId: string;
  lines: { sku: string; quantity: number }[];
}

export interface DemoShelfLocation {
  sku: string;
  storeId: string;
  aisle: string;
  bay: string;
  shelf: string;
}

export interface DemoAddress {
  id: string;
  label: string;
  line1: string;
  city: string;
  postcode: string;
  country: string;
  isDefault: boolean;
}

export interface DemoCustomer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  preferredStoreId: string | null;
  marketingConsent: boolean;
  analyticsConsent: boolean;
  addresses: DemoAddress[];
  createdAt: Date;
}

export type OrderStatus = "PLACED" | "READY_FOR_PICKUP" | "SHIPPED" | "COMPLETED" | "CANCELLED";

export interface DemoOrderLine {
  id: string;
  sku: string;
  productName: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
}

export interface DemoOrder {
  id: string;
  number: string;
  customerId: string;
  channel: Channel;
  status: OrderStatus;
  fulfilment: { type: "SHIP"; address: Omit<DemoAddress, "id" | "label" | "isDefault"> } | { type: "PICKUP"; storeId: string };
  lines: DemoOrderLine[];
  placedAt: Date;
}

export interface DemoDataset {
  stores: DemoStore[];
  categories: DemoCategory[];
  products: DemoProduct[];
  stock: DemoStock[];
  shelfLocations: DemoShelfLocation[];
  customers: DemoCustomer[];
  orders: DemoOrder[];
  /** One per order still holding stock; every stock row's `reserved` is the sum of these. */
  reservations: DemoReservation[];
}

export const DEMO_COUNTS = { products: 200, customers: 50, orders: 100 } as const;

const SEED = 20261122;

let cached: DemoDataset | undefined;

export function demoDataset(): DemoDataset {
  cached ??= generate(createRandom(SEED));
  return cached;
}

/** The price a channel pays: its own price if it has one, else the default. */
export function priceFor(variant: DemoVariant, channel: Channel): DemoPrice {
  return variant.prices.find((price) => price.channel === channel) ?? variant.prices.find((price) => price.channel === null)!;
}

function generate(random: Random): DemoDataset {
  const stores = STORES;
  const categories = CATEGORIES;
  const products = generateProducts(random);
  const { stock, shelfLocations } = generateStock(random, stores, products);
  const customers = generateCustomers(random, stores);
  const orders = generateOrders(random, customers, products, stores);
  const reservations = reserveForOrders(orders, stock);
  return { stores, categories, products, stock, shelfLocations, customers, orders, reservations };
}

const WEEKDAY_HOURS = { opens: "09:00", closes: "20:00" };
const SUNDAY_HOURS = { opens: "11:00", closes: "17:00" };
const storeHours = [1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, ...WEEKDAY_HOURS })).concat([{ dayOfWeek: 7, ...SUNDAY_HOURS }]);
const warehouseHours = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: "00:00", closes: "23:59" }));

const STORES: DemoStore[] = [
  {
    id: "store-london-oxford-st",
    code: "LON01",
    name: "Northwind London Oxford Street",
    kind: "STORE",
    address: { line1: "318 Oxford Street", city: "London", postcode: "W1C 1HF", country: "GB" },
    latitude: 51.5152,
    longitude: -0.1445,
    openingHours: storeHours,
  },
  {
    id: "store-manchester-arndale",
    code: "MAN01",
    name: "Northwind Manchester Arndale",
    kind: "STORE",
    address: { line1: "49 High Street", city: "Manchester", postcode: "M4 3AH", country: "GB" },
    latitude: 53.4831,
    longitude: -2.2393,
    openingHours: storeHours,
  },
  {
    id: "store-birmingham-bullring",
    code: "BHM01",
    name: "Northwind Birmingham Bullring",
    kind: "STORE",
    address: { line1: "12 Bullring", city: "Birmingham", postcode: "B5 4BU", country: "GB" },
    latitude: 52.4775,
    longitude: -1.8936,
    openingHours: storeHours,
  },
  {
    id: "warehouse-daventry",
    code: "DAV-DC",
    name: "Northwind Distribution Centre Daventry",
    kind: "WAREHOUSE",
    address: { line1: "Unit 4, Apex Park", city: "Daventry", postcode: "NN11 8YA", country: "GB" },
    latitude: 52.2561,
    longitude: -1.1577,
    openingHours: warehouseHours,
  },
];

const CATEGORIES: DemoCategory[] = [
  { id: "cat-apparel", slug: "apparel", name: "Apparel", parentId: null },
  { id: "cat-tops", slug: "tops", name: "Tops", parentId: "cat-apparel" },
  { id: "cat-bottoms", slug: "bottoms", name: "Bottoms", parentId: "cat-apparel" },
  { id: "cat-outerwear", slug: "outerwear", name: "Outerwear", parentId: "cat-apparel" },
  { id: "cat-footwear", slug: "footwear", name: "Footwear", parentId: null },
  { id: "cat-trainers", slug: "trainers", name: "Trainers", parentId: "cat-footwear" },
  { id: "cat-boots", slug: "boots", name: "Boots", parentId: "cat-footwear" },
  { id: "cat-accessories", slug: "accessories", name: "Accessories", parentId: null },
  { id: "cat-bags", slug: "bags", name: "Bags", parentId: "cat-accessories" },
  { id: "cat-hats", slug: "hats", name: "Hats", parentId: "cat-accessories" },
];

interface ProductKind {
  categoryId: string;
  nouns: string[];
  sizes: string[];
  /** Price range in pence. */
  price: [number, number];
}

const KINDS: ProductKind[] = [
  { categoryId: "cat-tops", nouns: ["T-Shirt", "Polo", "Hoodie", "Sweatshirt", "Shirt"], sizes: ["XS", "S", "M", "L", "XL"], price: [1500, 6500] },
  { categoryId: "cat-bottoms", nouns: ["Jeans", "Chinos", "Joggers", "Shorts"], sizes: ["28", "30", "32", "34", "36"], price: [2500, 8500] },
  { categoryId: "cat-outerwear", nouns: ["Parka", "Rain Jacket", "Gilet", "Fleece"], sizes: ["S", "M", "L", "XL"], price: [5000, 22000] },
  { categoryId: "cat-trainers", nouns: ["Runner", "Court Trainer", "Trail Shoe"], sizes: ["6", "7", "8", "9", "10", "11"], price: [4500, 14000] },
  { categoryId: "cat-boots", nouns: ["Chelsea Boot", "Hiking Boot", "Work Boot"], sizes: ["6", "7", "8", "9", "10", "11"], price: [6000, 18000] },
  { categoryId: "cat-bags", nouns: ["Backpack", "Tote", "Duffel", "Crossbody Bag"], sizes: ["ONE SIZE"], price: [2000, 12000] },
  { categoryId: "cat-hats", nouns: ["Beanie", "Cap", "Bucket Hat"], sizes: ["ONE SIZE"], price: [1200, 3500] },
];

const ADJECTIVES = ["Classic", "Everyday", "Heritage", "Urban", "Coastal", "Alpine", "Essential", "Relaxed", "Tailored", "Vintage", "Storm", "Summit"];
const MATERIALS = ["Cotton", "Linen", "Merino", "Denim", "Canvas", "Leather", "Recycled", "Organic", "Waxed", "Tech"];
const BRANDS = ["Northwind", "Fjordline", "Harbour & Co", "Peak Theory", "Lanewear"];
const COLOURS = [
  { code: "BLK", name: "Black" },
  { code: "NVY", name: "Navy" },
  { code: "GRY", name: "Grey" },
  { code: "OLV", name: "Olive" },
  { code: "SND", name: "Sand" },
  { code: "RED", name: "Red" },
];

function slugify(text: string): string {
  return text.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function generateProducts(random: Random): DemoProduct[] {
  const products: DemoProduct[] = [];
  let barcodeSerial = 1;
  for (let index = 1; index <= DEMO_COUNTS.products; index++) {
    const kind = KINDS[(index - 1) % KINDS.length]!;
    const brand = random.pick(BRANDS);
    const name = `${random.pick(ADJECTIVES)} ${random.pick(MATERIALS)} ${random.pick(kind.nouns)}`;
    const id = `prod-${String(index).padStart(4, "0")}`;
    const slug = `${slugify(name)}-${String(index).padStart(4, "0")}`;
    const basePrice = Math.round(random.int(kind.price[0], kind.price[1]) / 100) * 100 - 1;
    const hasWebPrice = random.chance(0.1);
    const colours = random.sample(COLOURS, random.int(1, 2));
    const sizes = random.sample(kind.sizes, Math.min(kind.sizes.length, random.int(1, 3)));

    const variants: DemoVariant[] = [];
    for (const colour of colours) {
      for (const size of sizes) {
        const prices: DemoPrice[] = [{ channel: null, amountMinor: basePrice, currency: CURRENCY }];
        if (hasWebPrice) prices.push({ channel: "WEB", amountMinor: Math.round(basePrice * 0.9), currency: CURRENCY });
        variants.push({
          sku: `NW-${String(index).padStart(4, "0")}-${colour.code}-${size.replace(/\s+/g, "")}`,
          productId: id,
          barcode: makeGtin13("50", barcodeSerial++),
          size,
          colour: colour.name,
          prices,
        });
      }
    }
    products.push({
      id,
      slug,
      name,
      description: `${name} by ${brand}. ${kind.nouns.includes("Backpack") ? "Built to carry the day." : "Made to be worn again and again."}`,
      brand,
      categoryId: kind.categoryId,
      images: [`https://images.example.com/products/${slug}/front.jpg`, `https://images.example.com/products/${slug}/back.jpg`],
      variants,
    });
  }
  return products;
}

function generateStock(random: Random, stores: DemoStore[], products: DemoProduct[]) {
  const stock: DemoStock[] = [];
  const shelfLocations: DemoShelfLocation[] = [];
  const aisleOfCategory = new Map(CATEGORIES.map((category, index) => [category.id, String(index + 1)]));
  for (const product of products) {
    for (const variant of product.variants) {
      for (const store of stores) {
        const onHand = store.kind === "WAREHOUSE" ? random.int(40, 300) : random.chance(0.08) ? 0 : random.int(1, 30);
        stock.push({ sku: variant.sku, storeId: store.id, onHand, reserved: 0 });
        shelfLocations.push({
          sku: variant.sku,
          storeId: store.id,
          aisle: store.kind === "WAREHOUSE" ? `W${aisleOfCategory.get(product.categoryId)}` : `A${aisleOfCategory.get(product.categoryId)}`,
          bay: String(random.int(1, 24)),
          shelf: String.fromCharCode(65 + random.int(0, 5)),
        });
      }
    }
  }
  return { stock, shelfLocations };
}

const FIRST_NAMES = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Noah", "Oliver", "George", "Arthur", "Leo", "Priya", "Mohammed", "Chen", "Fatima", "Kwame", "Sofia", "Aled", "Siobhan", "Lukasz", "Ines"];
const LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Patel", "Khan", "Evans", "Wilson", "Nowak", "Okafor", "Murphy", "Wright", "Garcia", "Li"];
const STREETS = ["High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane", "King Street"];
const TOWNS = [
  { city: "London", postcode: "N1 9GU" },
  { city: "Manchester", postcode: "M20 2RN" },
  { city: "Birmingham", postcode: "B15 2TT" },
  { city: "Leeds", postcode: "LS6 1AN" },
  { city: "Bristol", postcode: "BS8 1TH" },
];

function generateCustomers(random: Random, stores: DemoStore[]): DemoCustomer[] {
  const retailStores = stores.filter((store) => store.kind === "STORE");
  const customers: DemoCustomer[] = [];
  for (let index = 1; index <= DEMO_COUNTS.customers; index++) {
    const firstName = FIRST_NAMES[(index - 1) % FIRST_NAMES.length]!;
    const lastName = random.pick(LAST_NAMES);
    const id = `cust-${String(index).padStart(4, "0")}`;
    const addressCount = random.int(1, 2);
    const addresses: DemoAddress[] = [];
    for (let a = 1; a <= addressCount; a++) {
      const town = random.pick(TOWNS);
      addresses.push({
        id: `${id}-addr-${a}`,
        label: a === 1 ? "Home" : "Work",
        line1: `${random.int(1, 220)} ${random.pick(STREETS)}`,
        city: town.city,
        postcode: town.postcode,
        country: "GB",
        isDefault: a === 1,
      });
    }
    customers.push({
      id,
      email: `${firstName}.${lastName}.${index}@example.com`.toLowerCase(),
      firstName,
      lastName,
      // Ofcom's range reserved for drama: never a real person's number.
      phone: `+44 7700 900${String(index).padStart(3, "0")}`,
      preferredStoreId: random.chance(0.8) ? random.pick(retailStores).id : null,
      marketingConsent: random.chance(0.5),
      analyticsConsent: random.chance(0.7),
      addresses,
      createdAt: new Date(Date.UTC(2025, random.int(0, 11), random.int(1, 28), random.int(8, 21), random.int(0, 59))),
    });
  }
  return customers;
}

const STATUSES_BY_FULFILMENT: Record<"SHIP" | "PICKUP", OrderStatus[]> = {
  SHIP: ["PLACED", "SHIPPED", "COMPLETED", "COMPLETED", "CANCELLED"],
  PICKUP: ["PLACED", "READY_FOR_PICKUP", "COMPLETED", "COMPLETED", "CANCELLED"],
};

function generateOrders(random: Random, customers: DemoCustomer[], products: DemoProduct[], stores: DemoStore[]): DemoOrder[] {
  const retailStores = stores.filter((store) => store.kind === "STORE");
  const orders: DemoOrder[] = [];
  for (let index = 1; index <= DEMO_COUNTS.orders; index++) {
    const customer = customers[(index * 7) % customers.length]!;
    const channel = CHANNELS[(index - 1) % CHANNELS.length]!;
    const pickup = channel === "KIOSK" || channel === "HANDHELD" ? random.chance(0.7) : random.chance(0.3);
    const fulfilment: DemoOrder["fulfilment"] = pickup
      ? { type: "PICKUP", storeId: customer.preferredStoreId ?? random.pick(retailStores).id }
      : { type: "SHIP", address: stripAddress(customer.addresses[0]!) };
    const id = `order-${String(index).padStart(4, "0")}`;
    const lines: DemoOrderLine[] = random.sample(products, random.int(1, 4)).map((product, lineIndex) => {
      const variant = random.pick(product.variants);
      const price = priceFor(variant, channel);
      return {
        id: `${id}-line-${lineIndex + 1}`,
        sku: variant.sku,
        productName: product.name,
        quantity: random.int(1, 3),
        unitPriceMinor: price.amountMinor,
        currency: price.currency,
      };
    });
    orders.push({
      id,
      number: `NW-${100000 + index}`,
      customerId: customer.id,
      channel,
      status: random.pick(STATUSES_BY_FULFILMENT[fulfilment.type]),
      fulfilment,
      lines,
      placedAt: new Date(Date.UTC(2026, random.int(0, 9), random.int(1, 28), random.int(8, 21), random.int(0, 59))),
    });
  }
  return orders;
}

/** Where a shipped order's stock is held (the checkout lets inventory choose: warehouses first). */
const SHIPPING_WAREHOUSE = "warehouse-daventry";
const HOLDING_STOCK: readonly OrderStatus[] = ["PLACED", "READY_FOR_PICKUP"];

/**
 * The reservations the orders still holding stock would have made at checkout: at the pickup
 * store, or the warehouse for a delivery. Their units are added to the stock rows' `reserved`
 * (and `onHand` raised where it would not cover them), so the demo world starts consistent.
 */
function reserveForOrders(orders: DemoOrder[], stock: DemoStock[]): DemoReservation[] {
  const rows = new Map(stock.map((row) => [`${row.sku}@${row.storeId}`, row]));
  const reservations: DemoReservation[] = [];
  for (const order of orders.filter((candidate) => HOLDING_STOCK.includes(candidate.status))) {
    const storeId = order.fulfilment.type === "PICKUP" ? order.fulfilment.storeId : SHIPPING_WAREHOUSE;
    const lines = order.lines.map(({ sku, quantity }) => ({ sku, quantity }));
    for (const { sku, quantity } of lines) {
      const row = rows.get(`${sku}@${storeId}`)!;
      row.reserved += quantity;
      row.onHand = Math.max(row.onHand, row.reserved);
    }
    reservations.push({ reference: order.id, storeId, lines });
  }
  return reservations;
}

function stripAddress({ line1, city, postcode, country }: DemoAddress) {
  return { line1, city, postcode, country };
}
