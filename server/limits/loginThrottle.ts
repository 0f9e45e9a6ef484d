// Slows down guessing at the login: attempts are counted per address (LOGIN_ATTEMPTS_PER_ADDRESS in 15 minutes, for
// codes and passwords alike) and per account name and address (LOGIN_FAILS_PER_NAME); past either, that address (or that
// name from it) is refused for 15 minutes, even with the right password. An attempt is counted before its password
// is checked, so that guesses sent all at once are counted all at once (counted after, each would pass the check
// before any failure was counted); a success gives its attempt back and forgets the name's count. The pattern is
// rate-limiter-flexible's "login endpoint protection".
import { AppError } from "../../contract/errors";
import { settleWithin } from "../../contract/abort";
import { isRefusal, secondsBeforeNext, type LimiterFactory } from "./store";

const WINDOW_S = 15 * 60;
/**
 * A class behind one address (a school's NAT) mistypes too: generous per address (the configured number, 100 by
 * default: thirty students mistyping three times each), strict per name.
 */
export const LOGIN_FAILS_PER_NAME = 5;
/**
 * How long a login waits for its attempt to be given back. That is bookkeeping: with Redis away the command waits in
 * the client's queue for the reconnection, and a right password must not wait with it (the count expires anyway).
 */
const GIVE_BACK_WAIT_MS = 500;

export class LoginThrottle {
  private readonly byIp;
  private readonly byName;

  constructor(
    limiters: LimiterFactory,
    attemptsPerAddress: number,
    /** Told when giving an attempt back failed (the login went on regardless). */
    private readonly onGiveBackError: (err: unknown) => void = () => undefined,
  ) {
    this.byIp = limiters({
      keyPrefix: "login-ip",
      points: attemptsPerAddress,
      duration: WINDOW_S,
      blockDuration: WINDOW_S,
    });
    this.byName = limiters({
      keyPrefix: "login-name",
      points: LOGIN_FAILS_PER_NAME,
      duration: WINDOW_S,
      blockDuration: WINDOW_S,
    });
  }

  private static nameKey(name: string | undefined, ip: string): string | undefined {
    return name === undefined ? undefined : `${name.toLowerCase()}@${ip}`;
  }

  /** Counts an attempt, before its password is checked; throws auth:throttled when it is one too many. */
  async attempt(ip: string, name?: string): Promise<void> {
    const nameKey = LoginThrottle.nameKey(name, ip);
    const counted = await Promise.allSettled([
      this.byIp.consume(ip),
      nameKey ? this.byName.consume(nameKey) : Promise.resolve(null),
    ]);
    for (const result of counted) {
      if (result.status === "fulfilled") continue;
      if (!isRefusal(result.reason)) throw result.reason;
      throw new AppError("auth:throttled", { seconds: secondsBeforeNext(result.reason) });
    }
  }

  /** A successful login: its attempt is given back to the address, and the name's count is forgotten. */
  async succeeded(ip: string, name?: string): Promise<void> {
    const nameKey = LoginThrottle.nameKey(name, ip);
    const givenBack = Promise.all([
      this.byIp.reward(ip, 1),
      nameKey ? this.byName.delete(nameKey) : undefined,
    ]).then(() => undefined, this.onGiveBackError);
    await settleWithin(givenBack, GIVE_BACK_WAIT_MS);
  }
}
