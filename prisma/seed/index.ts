export * from "./demoDataset";
export { isValidGtin, makeGtin13, gtin13CheckDigit } from "./gtin";
