import { demoDataset } from "../../../../prisma/seed";
import { gtinForms, isValidGtin, makeGtin13 } from "./gtin";

describe("GTIN", () => {
  it("accepts every barcode of the demo dataset and the published GS1 examples", () => {
    const barcodes = demoDataset().products.flatMap((product) => product.variants.map((variant) => variant.barcode));
    expect(barcodes.every(isValidGtin)).toBe(true);
    // GTIN-8, UPC-A (GTIN-12), EAN-13, ITF-14.
    for (const code of ["96385074", "036000291452", "4006381333931", "10614141000415"]) expect(isValidGtin(code)).toBe(true);
  });

  it("rejects a wrong check digit, a wrong length and anything but digits", () => {
    for (const code of ["4006381333932", "400638133393", "1234567", "123456789012345", "4006381333a31", "", " 4006381333931"]) {
      expect(isValidGtin(code)).toBe(false);
    }
  });

  it("makes a GTIN-13 with the right check digit", () => {
    expect(makeGtin13("50", 1)).toBe("5000000000012");
    expect(isValidGtin(makeGtin13("50", 123456))).toBe(true);
  });

  it("writes one GTIN in every length its leading zeros allow", () => {
    expect(gtinForms("036000291452")).toEqual(["036000291452", "0036000291452", "00036000291452"]);
    expect(gtinForms("00036000291452")).toEqual(["036000291452", "0036000291452", "00036000291452"]);
    expect(gtinForms("4006381333931")).toEqual(["4006381333931", "04006381333931"]);
    expect(gtinForms("96385074")).toEqual(["96385074", "000096385074", "0000096385074", "00000096385074"]);
  });
});
