export { STATUS_DATA_PATH, STATUS_PATH, STATUS_REFRESH_MS, statusPageCapability } from "./statusPageCapability";
export { STATUS_CONTENT_SECURITY_POLICY } from "./statusPageHtml";
export type { StatusReport, SubgraphStatus } from "./statusReport";
export { SLICE_MS, SLICES, StatusWindow } from "./statusWindow";
