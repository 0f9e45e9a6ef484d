// Markdown written by someone else (a model's answer, a teacher's guidelines) rendered safely: raw HTML is never
// rendered (no rehype-raw), links open in a new tab without access to this page, and images become links so that
// the text cannot make the browser fetch arbitrary URLs. AnswerMarkdown adds its citation chips on top of these.
// Addresses other than http(s), mailto, irc and xmpp (javascript:, vbscript:, data:) are emptied by react-markdown's
// default urlTransform, which no Markdown here may replace (tests/unit/clientSafeMarkdown.test.tsx).
import type { ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

/** The link and image renderers every untrusted Markdown on the page uses. */
export const SAFE_MARKDOWN_COMPONENTS = {
  a({ href, title, children }) {
    return (
      <a href={href} title={title} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  },
  img({ src, alt }) {
    const label: ReactNode = alt || (typeof src === "string" ? src : "");
    return typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer">
        {label}
      </a>
    ) : (
      <span>{label}</span>
    );
  },
} satisfies Components;

const PLUGINS = [remarkGfm];

/** A whole text as Markdown (GFM: tables, lists, strikethrough), with the safe renderers above. */
export function SafeMarkdown({ text, className = "markdown" }: { text: string; className?: string }) {
  return (
    <div className={className}>
      <Markdown remarkPlugins={PLUGINS} components={SAFE_MARKDOWN_COMPONENTS}>
        {text}
      </Markdown>
    </div>
  );
}
