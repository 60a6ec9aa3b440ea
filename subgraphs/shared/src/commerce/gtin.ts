/**
 * GS1 Global Trade Item Numbers: the barcodes on retail goods (EAN-8, UPC-A, EAN-13, ITF-14).
 * Every GTIN is a 14-digit number once padded with leading zeros on the left.
 */

const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** GS1 check digit for the first 12 digits of a GTIN-13 (weights 1,3,1,3,... from the left). */
export function gtin13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** True for an 8-, 12-, 13- or 14-digit GTIN whose check digit is right. */
export function isValidGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(code)) return false;
  const digits = code.padStart(14, "0");
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits[13]);
}

/**
 * Every way the same valid GTIN can be written: a UPC-A scanned as "012345678905" is the
 * EAN-13 "0012345678905" and the GTIN-14 "00012345678905". Dropping leading zeros only.
 */
export function gtinForms(code: string): string[] {
  const gtin14 = code.padStart(14, "0");
  return GTIN_LENGTHS.filter((length) => /^0*$/.test(gtin14.slice(0, 14 - length))).map((length) => gtin14.slice(14 - length));
}

export function makeGtin13(prefix: string, serial: number): string {
  const first12 = `${prefix}${String(serial).padStart(12 - prefix.length, "0")}`;
  return `${first12}${gtin13CheckDigit(first12)}`;
}
