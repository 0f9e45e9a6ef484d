// A box that scrolls sideways (a wide table, a heatmap) when the screen is narrow. It can take the keyboard's focus,
// so that the arrow keys scroll it, and says what it holds to a screen reader (WCAG 2.1.1: all of a page is usable
// from the keyboard).
import type { ReactNode } from "react";

export function ScrollRegion({
  label,
  className = "table-scroll",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
