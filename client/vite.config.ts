// Vite config of the client: built into client/dist, which the server serves; in development the dev
// server proxies the REST API and socket.io (websocket included) to the server on port 8000.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const clientRoot = fileURLToPath(new URL(".", import.meta.url));
const serverUrl = "http://localhost:8000";

export default defineConfig({
  root: clientRoot,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // One chunk of ~510 kB (~155 kB gzip): the budget that matters is gzip, checked by `npm run bench:ui`.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      // The server refuses writes and sockets from another origin: the proxied requests say they come from it.
      "/api": { target: serverUrl, changeOrigin: true, headers: { origin: serverUrl } },
      "/socket.io": { target: serverUrl, ws: true, changeOrigin: true, headers: { origin: serverUrl } },
    },
  },
});
