import { demoDataset } from "../../../prisma/seed";
import { as, type CommerceStack, startCommerceStack } from "../../support/commerceStack";

/**
 * An order's `nextStatuses` is exactly what its lifecycle mutations accept: for each fulfilment
 * type and each status the demo orders are in, every listed status is reached by its mutation,
 * and every other mutation is refused (BAD_USER_INPUT naming the current status) and changes
 * nothing. Through the gateway, with inventory up, as an admin (who may make every move).
 */
const MUTATION_OF = {
  READY_FOR_PICKUP: "markOrderReadyForPickup",
  SHIPPED: "shipOrder",
  COMPLETED: "completeOrder",
  CANCELLED: "cancelOrder",
} as const;
type Target = keyof typeof MUTATION_OF;
const TARGETS = Object.keys(MUTATION_OF) as Target[];

const { orders } = demoDataset();
const buckets = new Map<string, string[]>();
for (const order of orders) {
  const bucket = `${order.fulfilment.type} ${order.status}`;
  buckets.set(bucket, [...(buckets.get(bucket) ?? []), order.id]);
}

let stack: CommerceStack;

beforeAll(async () => {
  stack = await startCommerceStack();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function orderState(id: string): Promise<{ status: string; nextStatuses: string[] }> {
  const response = await stack.query(`query($id: ID!) { order(id: $id) { status nextStatuses } }`, { id }, as.admin());
  expect(response.body.errors).toBeUndefined();
  return response.body.data.order;
}

async function move(id: string, to: Target) {
  return stack.query(`mutation($id: ID!) { ${MUTATION_OF[to]}(orderId: $id) { status nextStatuses } }`, { id }, as.admin());
}

it("the demo orders cover both fulfilment types in every status they can be in", () => {
  expect([...buckets.keys()].sort()).toEqual(
    ["PICKUP PLACED", "PICKUP READY_FOR_PICKUP", "PICKUP COMPLETED", "PICKUP CANCELLED", "SHIP PLACED", "SHIP SHIPPED", "SHIP COMPLETED", "SHIP CANCELLED"].sort(),
  );
});

it.each([...buckets.keys()].sort())("%s: every listed next status is accepted by its mutation, and no other is", async (bucket) => {
  const [probe, ...spare] = buckets.get(bucket)!;
  const [, status] = bucket.split(" ");
  const { nextStatuses } = await orderState(probe!);

  for (const to of TARGETS.filter((target) => !nextStatuses.includes(target))) {
    const refused = await move(probe!, to);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", currentStatus: status });
  }
  expect((await orderState(probe!)).status).toBe(status);

  expect(spare.length).toBeGreaterThanOrEqual(nextStatuses.length);
  for (const [index, to] of nextStatuses.entries()) {
    const accepted = await move(spare[index]!, to as Target);
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data[MUTATION_OF[to as Target]].status).toBe(to);
  }
});

it("a pickup order never lists SHIPPED, and a shipped order never READY_FOR_PICKUP", async () => {
  const pickup = await orderState(buckets.get("PICKUP PLACED")![0]!);
  expect(pickup.nextStatuses).toEqual(["READY_FOR_PICKUP", "CANCELLED"]);
  const ship = await orderState(buckets.get("SHIP PLACED")![0]!);
  expect(ship.nextStatuses).toEqual(["SHIPPED", "CANCELLED"]);
});
