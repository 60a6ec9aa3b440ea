export { type FailpointAction, type FailpointOptions, Failpoints, type FailpointSpec, failpoint, installFailpoints, parseFailpoints } from "./failpoints";
