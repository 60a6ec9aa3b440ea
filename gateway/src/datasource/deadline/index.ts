export { RequestDeadline, attemptTimeLimit, withTimeLimit, type TimeLimit } from "./requestDeadline";
