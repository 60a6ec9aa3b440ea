export { operatorAccess, type OperatorAccess } from "./operatorAccess";
