export { oneRowPerKey, rowsPerKey } from "./batchResults";
