// The access code of AUTH=code as a room types it: a phone capitalises its first letter, a keyboard adds a space or
// types the cedilla ş for ș; each is the code written on the board. A different code is still refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeResponse } from "../../contract/auth";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

let ipCounter = 10;
const freshSession = (server: TestServer, lang: "ro" | "en" = "ro") =>
  new HttpSession(server.url, `203.0.113.${ipCounter++}`, lang);

describe("the access code, whatever its case", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH: "code", AUTH_CODE: "pensii-2026", TRUST_PROXY: "loopback" });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it.each(["Pensii-2026", "PENSII-2026", "pensii-2026 ", " Pensii-2026"])(
    "lets %j in as a guest",
    async (typed) => {
      const res = await freshSession(server).login({ code: typed });
      expect(res.status).toBe(200);
      expect((res.body as MeResponse).user).toMatchObject({ role: "guest", kind: "guest" });
    },
  );

  it("still refuses another code, in the asker's language", async () => {
    for (const typed of ["Pensii-2025", "pensii2026", "pensii-20266"]) {
      const res = await freshSession(server).login({ code: typed });
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe("auth:invalid_code");
      expect((res.body as { error: { message: string } }).error.message).toBe(
        "Codul de acces nu este corect.",
      );
    }
  });
});

describe("an access code with Romanian letters", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH: "code", AUTH_CODE: "Știință-2026", TRUST_PROXY: "loopback" });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("matches the letters in either case, decomposed or with the cedilla ş", async () => {
    // "știință" lower-cased; decomposed (s + combining comma below, as some keyboards send it); with a cedilla.
    for (const typed of ["știință-2026", "s\u0326tiint\u0326a\u0306-2026", "ŞTIINŢĂ-2026", "ştiinţă-2026"]) {
      const res = await freshSession(server).login({ code: typed });
      expect(res.status, typed).toBe(200);
    }
    expect(errorCode(await freshSession(server).login({ code: "stiinta-2026" }))).toBe("auth:invalid_code");
  });
});
