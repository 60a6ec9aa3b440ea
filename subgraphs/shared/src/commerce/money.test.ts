import { money } from "./money";

describe("money", () => {
  it.each([
    [4299, "42.99"],
    [5, "0.05"],
    [100, "1.00"],
    [0, "0.00"],
    [-250, "-2.50"],
  ])("formats %p minor units as %p", (minor, decimal) => {
    expect(money(minor, "GBP")).toEqual({ amountMinor: minor, currencyCode: "GBP", amount: decimal });
  });
});
