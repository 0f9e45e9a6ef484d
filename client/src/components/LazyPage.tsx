// A page loaded as its own chunk (the chat does not download it), in the full-width layout, with a line that says
// it is loading until its code has arrived.
import { Suspense, type ReactNode } from "react";

export function LazyPage({
  loading,
  spinner = false,
  children,
}: {
  loading: string;
  spinner?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="layout compare-layout">
      <Suspense
        fallback={
          <p className="loading" role="status">
            {spinner && (
              <>
                <span className="spinner" aria-hidden="true" />{" "}
              </>
            )}
            {loading}
          </p>
        }
      >
        {children}
      </Suspense>
    </div>
  );
}
