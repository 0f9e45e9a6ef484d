// What the app reads from the server once (the models, the corpus's facets), read again when `version` changes;
// a failure is kept as `failed` so that the part of the page that needs it can say so.
import { useEffect, useState } from "react";

export function useServerInfo<T>(
  load: (signal: AbortSignal) => Promise<T>,
  version = 0,
): { data?: T; failed: boolean } {
  const [state, setState] = useState<{ data?: T; failed: boolean }>({ failed: false });
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal)
      .then((data) => setState({ data, failed: false }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        console.error(err);
        setState({ failed: true });
      });
    return () => controller.abort();
  }, [load, version]);
  return state;
}
