// How the page's sockets connect: a WebSocket first, long-polling only when a WebSocket cannot be had. One WebSocket
// is one TCP connection, so a load balancer in front of several instances (docs/deploy.md) needs no sticky sessions for
// it; long-polling is several requests that must all reach the same instance.
import type { ManagerOptions, SocketOptions } from "socket.io-client";

export const SOCKET_TRANSPORT: Partial<ManagerOptions & SocketOptions> = {
  transports: ["websocket", "polling"],
  tryAllTransports: true,
};
