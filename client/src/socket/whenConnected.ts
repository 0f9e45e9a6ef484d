// A message sent while the socket is still connecting (the page has just opened on a slow school network, or a
// reconnect is under way) waits a few seconds for the connection instead of failing at once. No React.

/** The part of a socket.io client socket this needs. */
export interface ConnectingSocket {
  readonly connected: boolean;
  once(event: "connect", listener: () => void): unknown;
  off(event: "connect", listener: () => void): unknown;
}

/** Resolves true as soon as the socket is connected (at once if it is), false after `ms` without a connection. */
export function whenConnected(socket: ConnectingSocket, ms: number): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onConnect = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      socket.off("connect", onConnect);
      resolve(socket.connected);
    }, ms);
    socket.once("connect", onConnect);
  });
}
