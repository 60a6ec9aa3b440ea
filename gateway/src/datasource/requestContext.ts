import { ContextPart } from "../context";
import { RequestDeadline } from "./deadline";

/** The request's overall deadline, shared by all its fetches, counted from when it arrived. */
export function requestDeadlinePart(deadlineMs: number): ContextPart<RequestDeadline> {
  return new ContextPart("deadline", (context) => RequestDeadline.startingAt(context.receivedAt, deadlineMs));
}
