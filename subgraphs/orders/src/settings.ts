import { z } from "zod";
import { withoutEmptyVariables } from "@platform/env";

const milliseconds = z.coerce.number().int().min(1).max(86_400_000);

const envSchema = z.object({
  SERVICE_CALL_TIMEOUT_MS: milliseconds.default(5000),
  CHECKOUT_LEASE_MS: milliseconds.default(30_000),
  CHECKOUT_RECOVERY_INTERVAL_MS: milliseconds.default(5000),
  RESERVATION_RECONCILE_INTERVAL_MS: milliseconds.default(60_000),
  RELEASE_SWEEP_INTERVAL_MS: milliseconds.default(5000),
});

/** The orders domain's own settings (the kit's SubgraphConfig has the rest). */
export interface OrdersSettings {
  /** How long one call to catalog, inventory or customer may take. */
  serviceCallTimeoutMs: number;
  /** How long a checkout attempt may stay under way before it is presumed lost; also the hold of its reservation. */
  checkoutLeaseMs: number;
  /** How often attempts whose lease ran out are looked for (and once at start). */
  checkoutRecoveryIntervalMs: number;
  /** How often inventory's expired reservations are compared with orders and attempts (and once at start). */
  reservationReconcileIntervalMs: number;
  /** How often releases inventory has not confirmed are retried, while any is pending. */
  releaseSweepIntervalMs: number;
}

export const DEFAULT_ORDERS_SETTINGS: OrdersSettings = loadOrdersSettings({});

/** The settings from the environment (the variables above, each optional; empty is not set). */
export function loadOrdersSettings(env: NodeJS.ProcessEnv = process.env): OrdersSettings {
  const parsed = envSchema.safeParse(withoutEmptyVariables(env));
  if (!parsed.success) throw new Error(`Invalid environment for subgraph "orders":\n${z.prettifyError(parsed.error)}`);
  const settings = parsed.data;
  return checkOrdersSettings({
    serviceCallTimeoutMs: settings.SERVICE_CALL_TIMEOUT_MS,
    checkoutLeaseMs: settings.CHECKOUT_LEASE_MS,
    checkoutRecoveryIntervalMs: settings.CHECKOUT_RECOVERY_INTERVAL_MS,
    reservationReconcileIntervalMs: settings.RESERVATION_RECONCILE_INTERVAL_MS,
    releaseSweepIntervalMs: settings.RELEASE_SWEEP_INTERVAL_MS,
  });
}

/**
 * The lease must outlast an attempt that nothing stops: it calls catalog, then inventory, each
 * for up to the service-call timeout, then writes the order. A shorter lease would have live
 * attempts taken over (safely: they would fail, fenced, but needlessly).
 */
export function checkOrdersSettings(settings: OrdersSettings): OrdersSettings {
  const minimum = 2 * settings.serviceCallTimeoutMs + 1000;
  if (settings.checkoutLeaseMs < minimum) {
    throw new Error(
      `Invalid settings for subgraph "orders": CHECKOUT_LEASE_MS (${settings.checkoutLeaseMs}) must be at least 2 x SERVICE_CALL_TIMEOUT_MS + 1000 = ${minimum}: an attempt calls catalog, then inventory, then writes the order`,
    );
  }
  return settings;
}
