// Files dropped on an element (the composer): the handlers that take them, and whether files are being dragged over
// it, so that the element can show where to drop them. Only a drag that carries files counts: text dragged into the
// input is left to the browser. A file dropped beside the element is refused rather than opened in the tab (which
// would leave the conversation).
import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";

/** Whether a drag carries files (its types say so before the drop; the files themselves only at the drop). */
export function carriesFiles(data: DataTransfer | null): boolean {
  return Boolean(data && Array.from(data.types).includes("Files"));
}

interface Options {
  /** Off: no drop target and no handling at all (the composer offers no attachments). */
  enabled: boolean;
  /** For a while no drop is taken (a file is being read), and none opens in the tab either. */
  paused?: boolean;
  onFiles: (files: File[]) => void;
}

export function useFileDrop({ enabled: offered, paused = false, onFiles }: Options) {
  const enabled = offered && !paused;
  const [dragging, setDragging] = useState(false);
  // dragenter and dragleave fire for every child crossed: the drag has left when they balance.
  const depth = useRef(0);

  useEffect(() => {
    if (enabled) return;
    depth.current = 0;
    setDragging(false);
  }, [enabled]);

  useEffect(() => {
    if (!offered) return;
    const outside = (e: globalThis.DragEvent) => {
      if (e.defaultPrevented || !carriesFiles(e.dataTransfer)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "none";
      if (e.type === "drop") {
        depth.current = 0;
        setDragging(false);
      }
    };
    window.addEventListener("dragover", outside);
    window.addEventListener("drop", outside);
    return () => {
      window.removeEventListener("dragover", outside);
      window.removeEventListener("drop", outside);
    };
  }, [offered]);

  const onDragEnter = useCallback(
    (e: DragEvent) => {
      if (!enabled || !carriesFiles(e.dataTransfer)) return;
      e.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    [enabled],
  );

  const onDragOver = useCallback(
    (e: DragEvent) => {
      if (!enabled || !carriesFiles(e.dataTransfer)) return;
      // Accepting dragover is what makes the element a drop target.
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    },
    [enabled],
  );

  const onDragLeave = useCallback(
    (e: DragEvent) => {
      if (!enabled || !carriesFiles(e.dataTransfer)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    [enabled],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      if (!enabled || !carriesFiles(e.dataTransfer)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      onFiles([...e.dataTransfer.files]);
    },
    [enabled, onFiles],
  );

  return { dragging, handlers: { onDragEnter, onDragOver, onDragLeave, onDrop } };
}
