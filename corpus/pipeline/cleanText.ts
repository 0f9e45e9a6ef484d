// The text rules of the clean step, as pure functions: Unicode NFC, comma-below ș ț, HTML removed, links
// and @mentions moved out of the text, invisible characters dropped, whitespace collapsed.
import { normalizeCedilla } from "../../contract/text";

/** The rules that can change a text; each is counted in the clean report. */
export type TextRule =
  "html_tags" | "html_entities" | "nfc" | "cedilla" | "invisible_chars" | "urls" | "mentions" | "whitespace";

export interface CleanedText {
  text: string;
  urls: string[];
  mentions: string[];
  /** The rules that changed this text, in the order they ran. */
  changes: TextRule[];
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  acirc: "â",
  Acirc: "Â",
  icirc: "î",
  Icirc: "Î",
  abreve: "ă",
  Abreve: "Ă",
  scedil: "ş",
  Scedil: "Ş",
  tcedil: "ţ",
  Tcedil: "Ţ",
  euro: "€",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  middot: "·",
  bull: "•",
  shy: "\u00ad",
  zwnj: "\u200c",
  zwj: "\u200d",
  eacute: "é",
  Eacute: "É",
  egrave: "è",
  aacute: "á",
  agrave: "à",
  oacute: "ó",
  uacute: "ú",
  iacute: "í",
  ouml: "ö",
  Ouml: "Ö",
  uuml: "ü",
  Uuml: "Ü",
  auml: "ä",
  Auml: "Ä",
  ccedil: "ç",
  ntilde: "ñ",
  szlig: "ß",
  times: "×",
  divide: "÷",
  plusmn: "±",
  frac12: "½",
  percnt: "%",
  num: "#",
  commat: "@",
  lpar: "(",
  rpar: ")",
};

const ENTITY_RE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g;

/** Decodes HTML character references; unknown names are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    ENTITY_RE,
    (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return String.fromCodePoint(code);
    },
  );
}

const SCRIPT_STYLE_RE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT_RE = /<!--[\s\S]*?-->/g;
const BLOCK_BREAK_RE = /<\/?(?:p|div|li|ul|ol|h[1-6]|blockquote|section|article|tr|table)\b[^<>]*>/gi;
const LINE_BREAK_RE = /<br\s*\/?>/gi;
const TAG_RE = /<\/?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?\/?>/g;

/** Removes markup: scripts and styles with their content, comments, and tags (blocks become line breaks). */
export function stripTags(text: string): string {
  return text
    .replace(SCRIPT_STYLE_RE, " ")
    .replace(COMMENT_RE, " ")
    .replace(LINE_BREAK_RE, "\n")
    .replace(BLOCK_BREAK_RE, "\n\n")
    .replace(TAG_RE, "");
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'„”«»]+/gi;
const MENTION_RE = /(^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}_](?:[\p{L}\p{N}_.]*[\p{L}\p{N}_])?)/gu;
// Zero-width characters, the BOM, soft hyphens, word joiners, C0 controls other than tab and newline, and
// Unicode noncharacters (one of which marks the place of a removed link below).
const INVISIBLE_RE = /[\u200b-\u200d\u2060\ufeff\u00ad\u0000-\u0008\u000b\u000e-\u001f\u007f\ufdd0-\ufdef]/g;
const INVISIBLE_TEST_RE =
  /[\u200b-\u200d\u2060\ufeff\u00ad\u0000-\u0008\u000b\u000e-\u001f\u007f\ufdd0-\ufdef]/;
const REMOVED = "\ufdd0";
const NON_ASCII_RE = /[^\u0000-\u007f]/;
const URL_TEST_RE = /https?:\/\/|www\./i;
const CEDILLA_RE = /[şţŞŢ]/;
const HORIZONTAL_SPACE_RE = /[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;

/** A URL without the sentence punctuation that follows it ("vezi https://x.ro." keeps "https://x.ro"). */
function trimUrl(url: string): string {
  let out = url.replace(/[.,;:!?]+$/, "");
  // A closing bracket belongs to the URL only when the URL opened one (Wikipedia-style links).
  while (/[)\]}]$/.test(out)) {
    const close = out.at(-1)!;
    const open = close === ")" ? "(" : close === "]" ? "[" : "{";
    if (out.split(open).length >= out.split(close).length) break;
    out = out.slice(0, -1).replace(/[.,;:!?]+$/, "");
  }
  return out;
}

/**
 * Closes the gaps left by removed links and mentions: a leading "@ion, ai dreptate" becomes "ai dreptate",
 * "mulțumesc @ion!" becomes "mulțumesc!", and a gap inside a sentence becomes one space.
 */
function closeGaps(text: string): string {
  return (
    text
      .replace(/[([{]\s*\ufdd0\s*[)\]}]/g, "\ufdd0")
      .replace(/^[\s\ufdd0]*\ufdd0[\s.,;:!?]*/, "")
      // A separator left dangling before the end of a sentence goes too: "părerea, @ion!" → "părerea!".
      .replace(/[ \t]*[,;:]?[ \t]*\ufdd0+(?=[.,;:!?…)\]»”]|\s*$)/g, "")
      .replace(/\ufdd0+/g, " ")
  );
}

/** Collapses runs of spaces, trims lines, keeps line breaks and at most one blank line between paragraphs. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(HORIZONTAL_SPACE_RE, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

interface Draft {
  text: string;
  changes: TextRule[];
}

/** Replaces the draft's text with `next`, noting the rule when it changed something. */
function applyRule(draft: Draft, rule: TextRule, next: string): void {
  if (next !== draft.text) {
    draft.changes.push(rule);
    draft.text = next;
  }
}

/**
 * Whether collapseWhitespace would change the text: space at either end, two spaces in a row, a space
 * next to a line break, three line breaks in a row, or any space character other than " " and "\n".
 * A character loop: a regex with these alternatives costs more than the rest of cleanText.
 */
function hasMessyWhitespace(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const first = text.charCodeAt(0);
  if (first === 0x20 || first === 0x0a) return true;
  let previous = 0;
  let newlines = 0;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (previous === 0x20 || previous === 0x0a) return true;
    } else if (c === 0x0a) {
      if (previous === 0x20) return true;
      newlines += 1;
      if (newlines === 3) return true;
    } else if (c <= 0x0d || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)) {
      if (c >= 0x09) return true;
    } else if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) {
      return true;
    }
    if (c !== 0x0a) newlines = 0;
    previous = c;
  }
  return previous === 0x20 || previous === 0x0a;
}

/** Applies every text rule to one text and says which ones changed it. */
export function cleanText(input: string): CleanedText {
  const draft: Draft = { text: input, changes: [] };
  const urls: string[] = [];
  const mentions: string[] = [];

  if (draft.text.includes("<")) applyRule(draft, "html_tags", stripTags(draft.text));
  if (draft.text.includes("&")) {
    applyRule(draft, "html_entities", decodeEntities(draft.text));
    // Escaped markup ("&lt;p&gt;") is markup once decoded.
    if (draft.text.includes("<")) {
      const stripped = stripTags(draft.text);
      if (stripped !== draft.text) {
        if (!draft.changes.includes("html_tags")) draft.changes.push("html_tags");
        draft.text = stripped;
      }
    }
  }
  // Each rule runs only when a cheap test says it can apply: most texts need none of them.
  if (NON_ASCII_RE.test(draft.text)) applyRule(draft, "nfc", draft.text.normalize("NFC"));
  if (CEDILLA_RE.test(draft.text)) applyRule(draft, "cedilla", normalizeCedilla(draft.text));
  if (INVISIBLE_TEST_RE.test(draft.text))
    applyRule(draft, "invisible_chars", draft.text.replace(INVISIBLE_RE, ""));
  if (URL_TEST_RE.test(draft.text)) {
    const next = draft.text.replace(URL_RE, (match) => {
      const url = trimUrl(match);
      urls.push(url);
      return REMOVED + match.slice(url.length);
    });
    applyRule(draft, "urls", next);
  }
  if (draft.text.includes("@")) {
    const next = draft.text.replace(MENTION_RE, (_whole, before: string, handle: string) => {
      mentions.push(handle);
      return before + REMOVED;
    });
    applyRule(draft, "mentions", next);
  }
  if (draft.text.includes(REMOVED)) draft.text = closeGaps(draft.text);
  if (hasMessyWhitespace(draft.text)) applyRule(draft, "whitespace", collapseWhitespace(draft.text));
  return { text: draft.text, urls, mentions, changes: draft.changes };
}

/**
 * A source's name: NFC, the cedilla letters ş ţ Ş Ţ as comma-below (as the text gets them) and spaces collapsed.
 * Nothing else: a name may hold "&" or "<" on purpose.
 */
export function cleanSourceName(input: string): string {
  return normalizeCedilla(input.normalize("NFC")).replace(/\s+/g, " ").trim();
}

/** A one-line field such as a title: markup, entities, NFC, cedilla and whitespace, links left in place. */
export function cleanInline(input: string): string {
  let text = input.includes("<") ? stripTags(input) : input;
  if (text.includes("&")) text = stripTags(decodeEntities(text));
  text = normalizeCedilla(text.normalize("NFC")).replace(INVISIBLE_RE, "");
  return text.replace(/\s+/g, " ").trim();
}
