// A small TCP load balancer on loopback, standing in for nginx in front of several instances: each new connection goes
// to the next instance in turn, and to the one after it when that one refuses (it died). A WebSocket is one TCP
// connection, so a client that loses its instance reconnects through here to a survivor.
import net from "node:net";

export interface Balancer {
  url: string;
  /** Connections sent to each upstream port so far. */
  counts: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(upstreamPorts: number[]): Promise<Balancer> {
  let next = 0;
  const counts = new Map<number, number>(upstreamPorts.map((p) => [p, 0]));
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const connectUpstream = (client: net.Socket, tries: number): void => {
    if (tries >= upstreamPorts.length) {
      client.destroy();
      return;
    }
    const port = upstreamPorts[next++ % upstreamPorts.length]!;
    const upstream = net.connect(port, "127.0.0.1");
    track(upstream);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      counts.set(port, (counts.get(port) ?? 0) + 1);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      upstream.once("close", () => client.destroy());
      client.once("close", () => upstream.destroy());
    });
    upstream.on("error", () => {
      // Refused: that instance is gone, try the next one. A connection that dies later ends the client's too.
      if (!connected) connectUpstream(client, tries + 1);
      else client.destroy();
    });
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    client.on("error", () => client.destroy());
    connectUpstream(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    counts,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
