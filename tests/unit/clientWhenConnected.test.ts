// A message sent while the socket connects waits for the connection (a slow network at the page's start) instead of
// failing at once, and is refused only when no connection comes within the wait.
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { whenConnected } from "../../client/src/socket/whenConnected";

class FakeSocket extends EventEmitter {
  connected = false;
  connect(): void {
    this.connected = true;
    this.emit("connect");
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("waiting for the connection before a message leaves", () => {
  it("goes at once on a connected socket", async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    await expect(whenConnected(socket, 10_000)).resolves.toBe(true);
  });

  it("goes as soon as the socket connects, and leaves no listener behind", async () => {
    vi.useFakeTimers();
    const socket = new FakeSocket();
    const waiting = whenConnected(socket, 10_000);
    vi.advanceTimersByTime(3_000);
    socket.connect();
    await expect(waiting).resolves.toBe(true);
    expect(socket.listenerCount("connect")).toBe(0);
  });

  it("is refused when no connection comes within the wait, and leaves no listener behind", async () => {
    vi.useFakeTimers();
    const socket = new FakeSocket();
    const waiting = whenConnected(socket, 10_000);
    vi.advanceTimersByTime(10_001);
    await expect(waiting).resolves.toBe(false);
    expect(socket.listenerCount("connect")).toBe(0);
  });
});
