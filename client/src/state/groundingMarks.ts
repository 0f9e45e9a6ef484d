// Where the answer's unsupported sentences stand, as character ranges of the answer and of each Markdown block, and a
// remark plugin that wraps those ranges in <mark> with a flag that says why. Pure (no React): the answer view and the
// unit tests use it.
import type { Grounding, UnsupportedSentence } from "../../../contract/grounding";

export interface SentenceMark {
  start: number;
  end: number;
  kind: UnsupportedSentence["kind"];
  /** The reason in the UI's language. */
  label: string;
}

/** Each unsupported sentence located in the answer, in order (a sentence no longer found is left out). */
export function sentenceMarks(
  text: string,
  grounding: Grounding | undefined,
  label: (u: UnsupportedSentence) => string,
): SentenceMark[] {
  if (!grounding?.unsupported.length) return [];
  const marks: SentenceMark[] = [];
  let from = 0;
  for (const u of grounding.unsupported) {
    const at = text.indexOf(u.sentence, from);
    if (at < 0) continue;
    marks.push({ start: at, end: at + u.sentence.length, kind: u.kind, label: label(u) });
    from = at + u.sentence.length;
  }
  return marks;
}

/** Where each block starts in the text (blocks are consecutive substrings of it, see markdownBlocks.ts). */
export function blockOffsets(text: string, blocks: readonly string[]): number[] {
  const out: number[] = [];
  let from = 0;
  for (const block of blocks) {
    const at = text.indexOf(block, from);
    out.push(at < 0 ? from : at);
    from = (at < 0 ? from : at) + block.length;
  }
  return out;
}

/** The marks that fall in [start, start + length), relative to that range. */
export function marksWithin(marks: readonly SentenceMark[], start: number, length: number): SentenceMark[] {
  const end = start + length;
  return marks
    .filter((m) => m.start < end && m.end > start)
    .map((m) => ({ ...m, start: Math.max(0, m.start - start), end: Math.min(length, m.end - start) }));
}

/** The few mdast fields the plugin reads and writes. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
  data?: { hName?: string; hProperties?: Record<string, string | number | string[]> };
}

const SKIP_INSIDE = new Set(["code", "inlineCode", "html"]);

function markNode(kind: string, label: string, text: string): MdNode {
  return {
    type: "groundingMark",
    data: {
      hName: "mark",
      hProperties: { className: ["unsupported", `unsupported-${kind}`], dataKind: kind, title: label },
    },
    children: [{ type: "text", value: text }],
  };
}

function flagNode(kind: string, label: string): MdNode {
  return {
    type: "groundingFlag",
    data: {
      hName: "span",
      hProperties: {
        className: ["grounding-flag"],
        dataTestid: "grounding-flag",
        dataKind: kind,
        dataReason: label,
        role: "note",
        tabIndex: 0,
        title: label,
        ariaLabel: label,
      },
    },
    children: [{ type: "text", value: "!" }],
  };
}

/** A text node cut at the marks' bounds, the marked parts wrapped, a flag after each mark's last part. */
function splitText(node: MdNode, marks: readonly SentenceMark[]): MdNode[] | null {
  const value = node.value ?? "";
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return null;
  const hits = marks.filter((m) => m.start < end && m.end > start);
  if (hits.length === 0) return null;
  // Escapes or entities make the source longer than the value: mark the node whole then.
  const exact = end - start === value.length;
  const out: MdNode[] = [];
  let cursor = 0;
  for (const m of hits) {
    const from = exact ? Math.max(0, m.start - start) : 0;
    const to = exact ? Math.min(value.length, m.end - start) : value.length;
    if (from > cursor) out.push({ type: "text", value: value.slice(cursor, from) });
    if (to > from) out.push(markNode(m.kind, m.label, value.slice(Math.max(from, cursor), to)));
    if (m.end <= end || !exact) out.push(flagNode(m.kind, m.label));
    cursor = Math.max(cursor, to);
  }
  if (cursor < value.length) out.push({ type: "text", value: value.slice(cursor) });
  return out;
}

function markTree(node: MdNode, marks: readonly SentenceMark[]): void {
  if (!node.children || SKIP_INSIDE.has(node.type)) return;
  const children: MdNode[] = [];
  for (const child of node.children) {
    const replaced = child.type === "text" ? splitText(child, marks) : null;
    if (replaced) children.push(...replaced);
    else {
      markTree(child, marks);
      children.push(child);
    }
  }
  node.children = children;
}

/** remark plugin: the block's unsupported sentences (ranges of the block's source) wrapped in <mark> and flagged. */
export function remarkGroundingMarks(options: { marks: readonly SentenceMark[] }) {
  return (tree: MdNode) => {
    if (options.marks.length) markTree(tree, options.marks);
  };
}
