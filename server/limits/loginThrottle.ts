// Slows down guessing at the login: failed attempts are counted per address (LOGIN_FAILS_PER_IP in 15 minutes, for
// codes and passwords alike) and per account name and address (LOGIN_FAILS_PER_NAME); once either is reached, that
// address (or that name from it) is refused until 15 minutes after its first failure, even with the right password. A success forgets the
// name's count. The pattern is rate-limiter-flexible's "login endpoint protection".
import { AppError } from "../../contract/errors";
import { isRefusal, secondsBeforeNext, type LimiterFactory } from "./store";

const WINDOW_S = 15 * 60;
/** A class behind one address mistypes too: generous per address, strict per name. */
export const LOGIN_FAILS_PER_IP = 30;
export const LOGIN_FAILS_PER_NAME = 5;

export class LoginThrottle {
  private readonly byIp;
  private readonly byName;

  constructor(limiters: LimiterFactory) {
    this.byIp = limiters({
      keyPrefix: "login-ip",
      points: LOGIN_FAILS_PER_IP,
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

  /** Throws auth:throttled when the address, or the name from it, is refused for now. */
  async check(ip: string, name?: string): Promise<void> {
    const nameKey = LoginThrottle.nameKey(name, ip);
    const [ipRes, nameRes] = await Promise.all([
      this.byIp.get(ip),
      nameKey ? this.byName.get(nameKey) : Promise.resolve(null),
    ]);
    for (const [res, points] of [
      [ipRes, LOGIN_FAILS_PER_IP],
      [nameRes, LOGIN_FAILS_PER_NAME],
    ] as const) {
      if (res && res.consumedPoints >= points) {
        throw new AppError("auth:throttled", { seconds: secondsBeforeNext(res) });
      }
    }
  }

  /** Counts a failed attempt; throws auth:throttled when it was one too many. */
  async failed(ip: string, name?: string): Promise<void> {
    const nameKey = LoginThrottle.nameKey(name, ip);
    try {
      await Promise.all([this.byIp.consume(ip), nameKey ? this.byName.consume(nameKey) : undefined]);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      throw new AppError("auth:throttled", { seconds: secondsBeforeNext(err) });
    }
  }

  /** A successful login forgets the name's failures (the address's stay counted). */
  async succeeded(ip: string, name?: string): Promise<void> {
    const nameKey = LoginThrottle.nameKey(name, ip);
    if (nameKey) await this.byName.delete(nameKey);
  }
}
