// The first step of the app's close(): socket.io's sockets end, then the HTTP server stops taking connections and
// waits for those with a request still being answered, while the app ends its runs and turns with its stores still
// open. That wait has a limit: a request that is still running after it (an annotation waiting on a provider that
// hangs, a download to a client that stopped reading) has its connection closed, so that `npm start` stops on Ctrl+C
// and a restarted server can take the port.
import type { Server as HttpServer } from "node:http";
import type { Server } from "socket.io";
import { LATE, settleWithin } from "../contract/abort";
import type { Logger } from "./log";

/** How long close() lets the requests being answered finish before it closes their connections. */
export const HTTP_CLOSE_GRACE_MS = 5_000;

export async function closeHttp(
  io: Pick<Server, "close">,
  http: HttpServer,
  logger: Pick<Logger, "warn">,
  graceMs = HTTP_CLOSE_GRACE_MS,
): Promise<void> {
  // io.close() ends socket.io's sockets, then closes the HTTP server (when it listens) and calls back once every
  // connection is gone; Node closes the idle keep-alive ones at once.
  // Done when the server says it is closed, or socket.io does (the server may never have listened).
  const closed = new Promise<void>((resolve) => {
    http.once("close", () => resolve());
    void io.close(() => resolve());
  });
  if ((await settleWithin(closed, graceMs)) !== LATE) return;
  logger.warn("shutdown: requests still running; their connections are closed", { graceMs });
  // socket.io may not have got to closing the server (an adapter whose close hangs): closed here then.
  if (http.listening) http.close();
  http.closeAllConnections();
  if ((await settleWithin(closed, graceMs)) === LATE)
    logger.warn("shutdown: socket.io did not finish closing; going on without it", { graceMs });
}
