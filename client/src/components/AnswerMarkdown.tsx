// The answer as Markdown, with [n] citations turned into chips that open the cited source. Model output is
// untrusted: raw HTML is never rendered (no rehype-raw), links open in a new tab, and images become links so
// that an answer cannot make the browser fetch arbitrary URLs (./SafeMarkdown.tsx, shared with other such texts). The text is rendered block by block, each
// block memoised, so while an answer streams only its last block is parsed again per frame.
import { memo, useEffect, useMemo, useState } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { useI18n } from "../i18nContext";
import type { Grounding } from "../../../contract/grounding";
import { splitCitations } from "../state/citations";
import {
  blockOffsets,
  marksWithin,
  remarkGroundingMarks,
  sentenceMarks,
  type SentenceMark,
} from "../state/groundingMarks";
import { splitMarkdownBlocks } from "../state/markdownBlocks";
import { groundingReason } from "./groundingText";
import { SAFE_MARKDOWN_COMPONENTS } from "./SafeMarkdown";

/** The few mdast fields the citation plugin reads and writes. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, string | number> };
}

// Citations inside a link's text stay text: the link is what the author meant there.
const SKIP_INSIDE = new Set(["link", "linkReference", "inlineCode", "code"]);

function markCitations(node: MdNode): void {
  if (!node.children || SKIP_INSIDE.has(node.type)) return;
  let changed = false;
  const children: MdNode[] = [];
  for (const child of node.children) {
    if (child.type === "text" && child.value?.includes("[")) {
      const parts = splitCitations(child.value);
      if (parts.some((p) => p.kind === "citation")) {
        changed = true;
        for (const part of parts) {
          children.push(
            part.kind === "text"
              ? { type: "text", value: part.text }
              : {
                  type: "citation",
                  data: { hName: "cite", hProperties: { dataCitation: part.n } },
                  children: [{ type: "text", value: String(part.n) }],
                },
          );
        }
        continue;
      }
    }
    markCitations(child);
    children.push(child);
  }
  if (changed) node.children = children;
}

/** remark plugin: [1], [2][3] and [1, 2] in text become `cite` elements carrying the source number. */
function remarkCitations() {
  return (tree: MdNode) => markCitations(tree);
}

const REMARK_PLUGINS = [remarkGfm, remarkCitations];
const NO_MARKS: readonly SentenceMark[] = [];

/**
 * `?render=whole` re-parses the whole answer on every frame, as the client did before blocks: the baseline
 * that `npm run bench:ui` measures the block rendering against. Nothing else sets it.
 */
const RENDER_WHOLE =
  typeof location !== "undefined" && new URLSearchParams(location.search).get("render") === "whole";

/**
 * One top-level block; it re-renders only when its own text (or the citation handling, or its grounding marks)
 * changes. Marks exist only once the answer is done, so a streaming block keeps the one plugin list.
 */
const MarkdownBlock = memo(function MarkdownBlock({
  text,
  components,
  marks,
}: {
  text: string;
  components: Components;
  marks: readonly SentenceMark[];
}) {
  const plugins = useMemo(
    () =>
      marks.length
        ? [remarkGfm, [remarkGroundingMarks, { marks }] as const, remarkCitations]
        : REMARK_PLUGINS,
    [marks],
  );
  return (
    <Markdown remarkPlugins={plugins as typeof REMARK_PLUGINS} components={components}>
      {text}
    </Markdown>
  );
});

interface Props {
  text: string;
  messageId: string;
  sourceCount: number;
  /** The source number open in the side panel for this message, if any. */
  selected?: number;
  onCite: (messageId: string, n: number) => void;
  /** The finished answer's grounding: its unsupported sentences are marked where they stand. */
  grounding?: Grounding;
}

function AnswerMarkdownView({ text, messageId, sourceCount, selected, onCite, grounding }: Props) {
  const { t } = useI18n();
  const components = useMemo<Components>(
    () => ({
      cite({ node, children }) {
        const n = Number(node?.properties?.dataCitation);
        if (!Number.isInteger(n) || n < 1) return <cite>{children}</cite>;
        const exists = n <= sourceCount;
        // A number with no source is a citation the model made up: marked, with why.
        const label = exists ? t("citation.open", { n }) : t("citation.invalid", { n });
        return (
          <button
            type="button"
            className={`citation${selected === n ? " selected" : ""}${exists ? "" : " citation-invalid"}`}
            data-testid="citation"
            data-n={n}
            data-invalid={exists ? undefined : "true"}
            disabled={!exists}
            title={label}
            aria-label={label}
            onClick={() => onCite(messageId, n)}
          >
            {n}
          </button>
        );
      },
      ...SAFE_MARKDOWN_COMPONENTS,
    }),
    [messageId, sourceCount, selected, onCite, t],
  );

  const blocks = useMemo(() => (RENDER_WHOLE ? [text] : splitMarkdownBlocks(text)), [text]);
  const marksByBlock = useMemo(() => {
    const marks = sentenceMarks(text, grounding, (u) => groundingReason(t, u));
    if (marks.length === 0) return null;
    const offsets = blockOffsets(text, blocks);
    return blocks.map((block, i) => {
      const within = marksWithin(marks, offsets[i] ?? 0, block.length);
      return within.length ? within : NO_MARKS;
    });
  }, [text, blocks, grounding, t]);
  return (
    <div className="markdown">
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} text={block} components={components} marks={marksByBlock?.[i] ?? NO_MARKS} />
      ))}
    </div>
  );
}

/** Re-renders only when its own answer changes, not when another message streams. */
export const AnswerMarkdown = memo(AnswerMarkdownView);

const WARMUP_TEXT =
  "**Pregătire** [1], *text* și `cod`.\n\n- un punct [1]\n- altul\n\n| a | b |\n|---|---|\n| 1 | 2 |";
const noCite = () => undefined;

/**
 * Renders one small answer, hidden, once the browser is idle after start-up: the first real answer then does
 * not pay, while it streams, for compiling the Markdown pipeline (tens of milliseconds on a slow laptop).
 */
export function MarkdownWarmup() {
  const [phase, setPhase] = useState<"waiting" | "rendering" | "done">("waiting");
  useEffect(() => {
    if (phase === "waiting") {
      if (typeof requestIdleCallback === "function") {
        const id = requestIdleCallback(() => setPhase("rendering"), { timeout: 3000 });
        return () => cancelIdleCallback(id);
      }
      const id = setTimeout(() => setPhase("rendering"), 1000);
      return () => clearTimeout(id);
    }
    if (phase === "rendering") {
      const id = setTimeout(() => setPhase("done"), 0);
      return () => clearTimeout(id);
    }
    return undefined;
  }, [phase]);
  if (phase !== "rendering") return null;
  return (
    <div hidden aria-hidden="true">
      <AnswerMarkdown text={WARMUP_TEXT} messageId="warmup" sourceCount={1} onCite={noCite} />
    </div>
  );
}
