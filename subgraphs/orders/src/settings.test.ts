import { DEFAULT_ORDERS_SETTINGS, loadOrdersSettings } from "./settings";

describe("loadOrdersSettings", () => {
  it("reads an empty variable as not set: its default", () => {
    const empty = { SERVICE_CALL_TIMEOUT_MS: "", CHECKOUT_LEASE_MS: " ", CHECKOUT_RECOVERY_INTERVAL_MS: "", RESERVATION_RECONCILE_INTERVAL_MS: "", RELEASE_SWEEP_INTERVAL_MS: "" };
    expect(loadOrdersSettings(empty)).toEqual(DEFAULT_ORDERS_SETTINGS);
  });

  it("still refuses what a setting cannot be", () => {
    expect(() => loadOrdersSettings({ CHECKOUT_LEASE_MS: "0" })).toThrow(/CHECKOUT_LEASE_MS/);
  });
});
