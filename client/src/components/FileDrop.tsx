// A file field that takes a click (the system's file picker) or a file dropped on it, with its own words instead of
// the browser's "Choose File / No file chosen": the workbench's data sets and the corpus page's imports.
import { useState, type DragEvent, type ReactNode, type Ref } from "react";
import "./fileDrop.css";

interface Props {
  title: string;
  hint: ReactNode;
  accept: string;
  disabled?: boolean;
  /** The hidden input, for a caller that clears it after a refusal so that the same file can be picked again. */
  inputRef?: Ref<HTMLInputElement>;
  /** data-testid of the drop zone and of the input. */
  testIds: { drop: string; input: string };
  onFile(file: File): void;
}

export function FileDrop({ title, hint, accept, disabled, inputRef, testIds, onFile }: Props) {
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <label
      className={`file-drop${dragging ? " dragging" : ""}${disabled ? " disabled" : ""}`}
      data-testid={testIds.drop}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <input
        ref={inputRef}
        type="file"
        className="file-drop-input sr-only"
        data-testid={testIds.input}
        accept={accept}
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
        }}
      />
      <span className="file-drop-title">{title}</span>
      <span className="hint">{hint}</span>
    </label>
  );
}
