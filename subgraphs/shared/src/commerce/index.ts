export { Channel } from "./channel";
export { Money, money } from "./money";
export { PostalAddress } from "./postalAddress";
