// Splits a streamed Markdown answer into its top-level blocks so that each finished block is parsed and
// rendered once, and only the last one (still growing) re-renders per frame: a 5,000-token answer then costs
// the same per frame as a short one.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The text cut at blank lines that separate top-level blocks. A blank line inside a fenced code block, or one
 * followed by an indented line (a list item's next paragraph, indented code), does not cut, so every piece
 * parses as it would inside the whole. Joining the pieces with "\n\n" gives the text back, up to blank lines.
 */
export function splitMarkdownBlocks(text: string): string[] {
  const lines = text.split("\n");
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let blankRun = false;

  for (const line of lines) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
        fence = undefined;
      }
      current.push(line);
      continue;
    }
    if (line.trim() === "") {
      blankRun = current.length > 0;
      if (blankRun) current.push(line);
      continue;
    }
    if (blankRun && !/^[ \t]/.test(line)) {
      // A top-level block starts after blank lines: the previous one is complete.
      while (current.length > 0 && current[current.length - 1]?.trim() === "") current.pop();
      blocks.push(current.join("\n"));
      current = [];
    }
    blankRun = false;
    if (marker) fence = marker;
    current.push(line);
  }
  if (current.length > 0) blocks.push(current.join("\n"));
  return blocks;
}
