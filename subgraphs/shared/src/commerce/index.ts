export { Channel } from "./channel";
export { Money, money } from "./money";
export { PostalAddress } from "./postalAddress";
export { isValidGtin, gtinForms, gtin13CheckDigit, makeGtin13 } from "./gtin";
