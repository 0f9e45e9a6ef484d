// RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one document per item or entry, with its title, link and date;
// the source is the channel's title. Text keeps its HTML, which the clean step removes.
import { XMLParser } from "fast-xml-parser";
import type { FormatDetailOf } from "../../../contract/importDetails";
import { ImportError } from "./errors";
import type { PartialDoc, ReaderEvent } from "./types";

type Node = Record<string, unknown>;
type FeedKind = FormatDetailOf<"feed">["kind"];

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** The text of an element: a string, the "#text" of an element with attributes, or nested XHTML flattened. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join(" ");
  if (isNode(value)) {
    return Object.entries(value)
      .filter(([key]) => !key.startsWith("@_"))
      .map(([, v]) => textOf(v))
      .filter(Boolean)
      .join(" ");
  }
  return "";
}

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** An Atom entry's link: rel="alternate" (or no rel) first, else the first href. */
function atomLink(links: unknown): string {
  const nodes = asArray(links).filter(isNode);
  const preferred = nodes.find((l) => l["@_rel"] === undefined || l["@_rel"] === "alternate") ?? nodes[0];
  const href = preferred?.["@_href"];
  return typeof href === "string" ? href : textOf(links);
}

function rssLink(link: unknown): string {
  // An <atom:link> inside an RSS item comes out as an element with attributes: take its href.
  for (const l of asArray(link)) {
    if (typeof l === "string" && l.trim()) return l.trim();
    if (isNode(l) && typeof l["@_href"] === "string") return l["@_href"];
  }
  return "";
}

/** Longer of two candidate bodies (content:encoded often holds the full text, description a teaser). */
function longer(a: string, b: string): string {
  return b.trim().length > a.trim().length ? b : a;
}

function doc(fields: {
  text: string;
  title: string;
  link: string;
  date: string;
  id: string;
  author: string;
}): PartialDoc {
  const text = fields.text.trim() ? fields.text : fields.title;
  const out: PartialDoc = { text, platform: "rss" };
  if (fields.title.trim()) out.title = fields.title.trim();
  if (fields.link.trim()) out.url = fields.link.trim();
  if (fields.date.trim()) out.date = fields.date.trim();
  if (fields.id.trim()) out.id = fields.id.trim();
  if (fields.author.trim()) out.extra = { author: fields.author.trim() };
  return out;
}

/** Parses a feed document into documents; `kind` names the dialect for the summary. */
export function readFeed(
  xml: string,
  file: string,
  fileLabel: string,
): { kind: FeedKind; events: ReaderEvent[] } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ["item", "entry", "link"].includes(name),
  });
  let tree: unknown;
  try {
    tree = parser.parse(xml);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ImportError(
      "import:invalid_xml",
      { file },
      { cause: err, detail: { code: "quoted", text: message } },
    );
  }
  if (!isNode(tree))
    throw new ImportError("import:invalid_xml", { file }, { detail: { code: "empty_document" } });
  const events: ReaderEvent[] = [];
  const push = (i: number, d: PartialDoc, source: string) => {
    if (source.trim() && !d.source) d.source = source.trim();
    events.push({ kind: "doc", origin: { file: fileLabel, index: i + 1 }, doc: d });
  };

  const rss = tree.rss;
  const rdf = tree["rdf:RDF"];
  if (isNode(rss) || isNode(rdf)) {
    const root = (isNode(rss) ? rss : rdf) as Node;
    const channel = isNode(root.channel) ? root.channel : asArray(root.channel).find(isNode);
    const source = textOf(channel?.title);
    // RSS 2.0 keeps items inside the channel, RSS 1.0 next to it.
    const items = asArray(channel?.item ?? root.item).filter(isNode);
    items.forEach((item, i) =>
      push(
        i,
        doc({
          text: longer(textOf(item.description), textOf(item["content:encoded"])),
          title: textOf(item.title),
          link: rssLink(item.link),
          date: textOf(item.pubDate ?? item["dc:date"]),
          id: textOf(item.guid),
          author: textOf(item["dc:creator"] ?? item.author),
        }),
        source,
      ),
    );
    return { kind: isNode(rss) ? "RSS 2.0" : "RSS 1.0", events };
  }
  const feed = tree.feed;
  if (isNode(feed)) {
    const source = textOf(feed.title);
    asArray(feed.entry)
      .filter(isNode)
      .forEach((entry, i) => {
        const author = isNode(entry.author) ? textOf(entry.author.name) : textOf(entry.author);
        push(
          i,
          doc({
            text: longer(textOf(entry.summary), textOf(entry.content)),
            title: textOf(entry.title),
            link: atomLink(entry.link),
            date: textOf(entry.published ?? entry.updated),
            id: textOf(entry.id),
            author,
          }),
          source,
        );
      });
    return { kind: "Atom", events };
  }
  throw new ImportError("import:unknown_format", { file }, { detail: { code: "xml_without_feed_root" } });
}
