// The login's throttle per address: a class behind one school address shares it, so its size is configured; past
// it, the address waits even with the right password, while a success gives its attempt back.
import { describe, expect, it } from "vitest";
import { LoginThrottle } from "../../server/limits/loginThrottle";
import { memoryLimiters } from "../../server/limits/store";

describe("the login throttle per address", () => {
  it("lets the configured number of attempts through from one address, then refuses with auth:throttled", async () => {
    const throttle = new LoginThrottle(memoryLimiters, 4);
    for (const name of ["ana", "ion", "eva", "dan"]) await throttle.attempt("10.0.0.1", name);
    await expect(throttle.attempt("10.0.0.1", "maria")).rejects.toMatchObject({ code: "auth:throttled" });
    // Another address is not held back.
    await expect(throttle.attempt("10.0.0.2", "maria")).resolves.toBeUndefined();
  });

  it("gives a successful login's attempt back to the address", async () => {
    const throttle = new LoginThrottle(memoryLimiters, 2);
    for (let i = 0; i < 5; i++) {
      await throttle.attempt("10.0.0.3", `student${i}`);
      await throttle.succeeded("10.0.0.3", `student${i}`);
    }
    await expect(throttle.attempt("10.0.0.3", "ultimul")).resolves.toBeUndefined();
  });

  it("does not hold a right password while the count cannot be given back (Redis away)", async () => {
    const away = new Promise<never>(() => undefined);
    const limiters = ((options: { points: number }) => {
      const memory = memoryLimiters(options as Parameters<typeof memoryLimiters>[0]);
      return Object.assign(Object.create(memory) as typeof memory, {
        reward: () => away,
        delete: () => away,
      });
    }) as unknown as typeof memoryLimiters;
    const throttle = new LoginThrottle(limiters, 10);
    await throttle.attempt("10.0.0.4", "ana");
    const started = Date.now();
    await throttle.succeeded("10.0.0.4", "ana");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
