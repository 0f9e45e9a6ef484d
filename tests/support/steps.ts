// A step of a long test that must not wait forever: it fails saying which step took too long, where the test's own
// time limit would only say that the whole test did.
import { LATE, settleWithin } from "../../contract/abort";

export async function step<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  const result = await settleWithin(work, ms);
  if (result === LATE) throw new Error(`${what}: not done after ${ms} ms`);
  return result;
}
