import { GraphQLError } from "graphql";
import { ErrorCode, forbidden, invalidState, notFound } from "@platform/errors";
import { type RequestCaller, requireAssociateOf } from "@platform/caller";
import type { PrismaClient } from "../generated/prisma/client";
import { FulfilmentType } from "../schema/fulfilmentType";
import { OrderStatus } from "../schema/orderStatus";
import type { InventoryClient } from "./inventoryClient";
import type { JourneyClient } from "./journeyClient";
import { reportOrderChanged } from "./invalidation";
import { recordOrderEvent } from "./orderEvents";
import { hiddenFrom } from "./orderAccess";
import type { OrderRecord } from "./orderRecords";
import { StockReleases } from "./stockReleases";

/**
 * The order state machine, per fulfilment type: the one table that both `nextStatuses` and the
 * lifecycle mutations read. PLACED → READY_FOR_PICKUP → COMPLETED for pickups, PLACED → SHIPPED →
 * COMPLETED for deliveries; CANCELLED from PLACED or READY_FOR_PICKUP, while the goods are still
 * ours. Anything else names the current status.
 */
const TRANSITIONS: Readonly<Record<FulfilmentType, Readonly<Record<OrderStatus, readonly OrderStatus[]>>>> = {
  [FulfilmentType.PICKUP]: {
    [OrderStatus.PLACED]: [OrderStatus.READY_FOR_PICKUP, OrderStatus.CANCELLED],
    [OrderStatus.READY_FOR_PICKUP]: [OrderStatus.COMPLETED, OrderStatus.CANCELLED],
    [OrderStatus.SHIPPED]: [],
    [OrderStatus.COMPLETED]: [],
    [OrderStatus.CANCELLED]: [],
  },
  [FulfilmentType.SHIP]: {
    [OrderStatus.PLACED]: [OrderStatus.SHIPPED, OrderStatus.CANCELLED],
    [OrderStatus.READY_FOR_PICKUP]: [],
    [OrderStatus.SHIPPED]: [OrderStatus.COMPLETED],
    [OrderStatus.COMPLETED]: [],
    [OrderStatus.CANCELLED]: [],
  },
};

/** The statuses an order can move to next, given its fulfilment type; empty once final. */
export function allowedTransitions(order: Pick<OrderRecord, "status" | "fulfilmentType">): readonly OrderStatus[] {
  return TRANSITIONS[order.fulfilmentType as FulfilmentType]?.[order.status as OrderStatus] ?? [];
}

/** The goods leave the location at this transition: the reservation becomes a sale in inventory. */
function goodsLeave(order: OrderRecord, to: OrderStatus): boolean {
  return to === OrderStatus.SHIPPED || (to === OrderStatus.COMPLETED && order.status === OrderStatus.READY_FOR_PICKUP);
}

export class OrderLifecycle {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly inventory: InventoryClient,
    private readonly releases: StockReleases,
    private readonly journey: JourneyClient,
    private readonly eventsCommitted: () => void,
  ) {}

  /**
   * Moves an order to `to`. Stock follows: shipping or handing over a pickup fulfils the
   * reservation before the status changes (fulfilment is idempotent, so a lost race only repeats
   * it); cancelling schedules the release in the same transaction as the status change.
   */
  async transition(orderId: string, to: OrderStatus, caller: RequestCaller): Promise<OrderRecord> {
    // Who may make this move at all is decided before the lookup, so that a refusal says nothing about the order.
    authorizeMove(to, caller);
    const order = await this.prisma.order.findUnique({ where: { id: orderId } });
    // Another customer's order is NOT_FOUND with the very message of an unknown one.
    if (!order || hiddenFrom(caller, order)) throw notFound(`No order has id "${orderId}"`, { argument: "orderId" });
    authorizeAtStore(order, to, caller);
    checkTransition(order, to);

    if (goodsLeave(order, to)) await this.fulfilReservation(order);

    const updated = await this.prisma.$transaction(async (tx) => {
      const changed = await tx.order.updateMany({ where: { id: order.id, status: order.status }, data: { status: to } });
      if (changed.count === 0) {
        const now = await tx.order.findUniqueOrThrow({ where: { id: order.id } });
        throw invalidState(`Order ${order.number} changed to ${now.status} meanwhile; it cannot become ${to} from there`, {
          argument: "orderId",
          currentStatus: now.status,
        });
      }
      if (to === OrderStatus.CANCELLED) await StockReleases.schedule(tx, order.id, `order ${order.number} cancelled`);
      await recordOrderEvent(tx, {
        type: "OrderStatusChanged",
        payload: { orderId: order.id, number: order.number, customerId: order.customerId, from: order.status as OrderStatus, to },
      });
      return tx.order.findUniqueOrThrow({ where: { id: order.id } });
    });
    this.eventsCommitted();
    reportOrderChanged(updated);

    if (to === OrderStatus.CANCELLED) await this.releases.release(order.id);
    if (to === OrderStatus.COMPLETED && order.fulfilmentType === FulfilmentType.PICKUP) {
      await this.journey.record(caller, {
        type: "PICKED_UP",
        customerId: order.customerId,
        orderId: order.id,
        storeId: order.pickupStoreId,
        dedupeKey: `picked-up:${order.id}`,
      });
    }
    return updated;
  }

  /** An order placed before inventory kept reservations (demo data seeded by an earlier version) has none: nothing to fulfil. */
  private async fulfilReservation(order: OrderRecord): Promise<void> {
    try {
      await this.inventory.fulfil(order.id);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.NOT_FOUND && error.extensions.subgraph === "inventory") return;
      throw error;
    }
  }
}

function checkTransition(order: OrderRecord, to: OrderStatus): void {
  const from = order.status as OrderStatus;
  const allowed = allowedTransitions(order);
  if (allowed.includes(to)) return;
  // A move only another kind of fulfilment makes from here (shipping a pickup) says so.
  const onlyFor = Object.values(FulfilmentType).filter((type) => TRANSITIONS[type][from].includes(to));
  if (onlyFor.length > 0) {
    throw invalidState(`Order ${order.number} is a ${order.fulfilmentType} order; only ${onlyFor.join(" or ")} orders become ${to}`, {
      argument: "orderId",
      currentStatus: from,
    });
  }
  throw invalidState(`Order ${order.number} is ${from} and cannot become ${to}: ${allowed.length ? `it can become ${allowed.join(" or ")}` : "it is final"}`, {
    argument: "orderId",
    currentStatus: from,
  });
}

/**
 * Before the order is looked up: store work (ready, ship, hand over) is an associate's or an
 * admin's; cancelling is also open to a signed-in customer (whose own orders only: another's
 * is NOT_FOUND, like an unknown one). Everyone else is refused here, whatever the order.
 */
function authorizeMove(to: OrderStatus, caller: RequestCaller): void {
  if (caller.service || caller.adminId || caller.associateId) return;
  if (to === OrderStatus.CANCELLED && caller.customerId) return;
  throw forbidden(
    to === OrderStatus.CANCELLED
      ? "Cancelling an order needs the customer who placed it, a store associate or an admin"
      : `Making an order ${to} needs a signed-in store associate`,
  );
}

/** Once the order is known: at a pickup store, store work is for that store's associates (shipping is any associate's). */
function authorizeAtStore(order: OrderRecord, to: OrderStatus, caller: RequestCaller): void {
  if (caller.service || caller.adminId || !caller.associateId) return;
  if (order.pickupStoreId && to !== OrderStatus.SHIPPED) requireAssociateOf(caller, order.pickupStoreId, `Making order ${order.number} ${to}`);
}
