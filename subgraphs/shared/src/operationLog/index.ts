export { correlationHeaders, logOperation, type OperationLogLine, operationRecordPlugin, recordCaller } from "./operationLog";
