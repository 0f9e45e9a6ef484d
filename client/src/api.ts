// REST calls of the client (same origin as the page). Types come from the server's protocol module.
import type { ModelsResponse } from "../../server/protocol";

export async function fetchModels(signal?: AbortSignal): Promise<ModelsResponse> {
  const response = await fetch("/api/models", { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`GET /api/models: HTTP ${response.status}`);
  return (await response.json()) as ModelsResponse;
}
