export { encodeCursor, decodeCursor } from "./cursor";
export {
  ConnectionType,
  PageInfo,
  pageSize,
  toConnection,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type Connection,
  type Edge,
} from "./connection";
