// GTIN rules are domain logic the subgraphs validate barcodes with; the seed uses the same code.
export { gtin13CheckDigit, isValidGtin, makeGtin13 } from "@subgraph-kit/commerce/gtin";
