// The "Evaluări din chat" page rendered without a browser: the summary per model with the share of 👍, its Wilson
// interval and the count in Romanian plurals ("20 de evaluări") and number format, the rows with the question and the
// answer inline, a deleted thread said in words, the filters, the empty states; in English too. Then the pure parts:
// the Wilson interval, the summary's order, the query string and the CSV with its file name.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  localDay,
  summarizeByModel,
  wilsonInterval,
  type ChatFeedbackResponse,
  type ChatFeedbackRow,
} from "../../contract/chatFeedback";
import { ChatFeedbackView } from "../../client/src/components/ChatFeedbackPage";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  feedbackCsv,
  feedbackFileName,
  feedbackQueryString,
  reversedDays,
  NO_FILTERS,
} from "../../client/src/state/chatFeedback";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const row = (over: Partial<ChatFeedbackRow>): ChatFeedbackRow => ({
  createdAt: "2026-12-07T09:30:00.000Z",
  user: { id: "u-ana", name: "ana", guest: false },
  rating: "up",
  comment: null,
  messageId: "m1",
  threadId: "t1",
  threadTitle: "Pensii",
  threadExists: true,
  ownThread: false,
  question: "Ce spun despre pensii?",
  answerExcerpt: "Comentariile critică pensiile speciale [1].",
  answerCut: false,
  model: "offline:extractive",
  temperature: 0.3,
  ...over,
});

// 20 ratings of the extractive model (15 👍), one of a deleted thread.
const rows: ChatFeedbackRow[] = [
  row({
    messageId: "down-1",
    rating: "down",
    comment: "=nu răspunde",
    user: { id: "u-ion", name: "ion", guest: false },
  }),
  ...Array.from({ length: 19 }, (_, i) =>
    row({ messageId: `m${i}`, rating: i < 15 ? "up" : "down", user: { id: "g", name: null, guest: true } }),
  ),
  row({
    messageId: "gone",
    threadId: null,
    threadTitle: null,
    threadExists: false,
    question: null,
    answerExcerpt: null,
    model: null,
    temperature: null,
  }),
];
const data: ChatFeedbackResponse = {
  rows,
  summary: summarizeByModel(rows),
  models: ["offline:extractive"],
  users: [
    { id: "u-ana", name: "ana", guest: false },
    { id: "u-ion", name: "ion", guest: false },
  ],
};
const noop = () => {};

describe("the ratings page", () => {
  it("sums up per model with the share of 👍, its interval and n in Romanian, and lists every rating inline", () => {
    const html = render(<ChatFeedbackView data={data} filters={NO_FILTERS} onFilters={noop} />);
    expect(html).toContain('data-testid="chat-feedback"');
    expect(html).toContain("Evaluări din chat");
    // 15 of 20: 75%, Wilson [53; 89], "20 de evaluări" with the Romanian "de".
    expect(html).toContain("75% 👍 · IÎ 95% [53; 89] · 20 de evaluări");
    expect(html).toContain("👍 15 · 👎 5");
    expect(html).toContain("model necunoscut");
    expect(html).toContain("1 evaluare");
    expect(html).toContain("prea puține evaluări pentru o concluzie");
    expect(html.match(/data-testid="chat-feedback-row"/g)).toHaveLength(21);
    expect(html).toContain("Ce spun despre pensii?");
    expect(html).toContain("Comentariile critică pensiile speciale [1].");
    expect(html).toContain("temperatura 0,3");
    expect(html).toContain("=nu răspunde");
    expect(html).toContain("invitat");
    expect(html).toContain("Conversația a fost ștearsă");
    expect(html).toContain('data-testid="chat-feedback-filter"');
    expect(html).toContain('data-testid="chat-feedback-csv"');
    expect(html).toContain('<option value="u-ion">ion</option>');
  });

  it("speaks English when switched", () => {
    const html = render(<ChatFeedbackView data={data} filters={NO_FILTERS} onFilters={noop} />, "en");
    expect(html).toContain("Ratings from the chat");
    expect(html).toContain("75% 👍 · 95% CI [53, 89] · 20 ratings");
    expect(html).toContain("temperature 0.3");
    expect(html).toContain("The thread was deleted");
  });

  it("says in words that there is nothing yet, or nothing for the filters", () => {
    const empty = { rows: [], summary: [], models: [], users: [] };
    const none = render(<ChatFeedbackView data={empty} filters={NO_FILTERS} onFilters={noop} />);
    expect(none).toContain("Nicio evaluare încă.");
    expect(none).not.toContain('data-testid="chat-feedback-csv"');
    const filtered = render(
      <ChatFeedbackView data={empty} filters={{ ...NO_FILTERS, rating: "down" }} onFilters={noop} />,
    );
    expect(filtered).toContain("Nicio evaluare nu se potrivește filtrelor.");
    expect(filtered).toContain("Șterge filtrele");
  });

  it("offers to open a thread only when it is the viewer's own", () => {
    const own = { ...data, rows: [row({ ownThread: true })] };
    expect(
      render(<ChatFeedbackView data={own} filters={NO_FILTERS} onFilters={noop} onOpenThread={noop} />),
    ).toContain("Deschide");
    expect(
      render(<ChatFeedbackView data={data} filters={NO_FILTERS} onFilters={noop} onOpenThread={noop} />),
    ).not.toContain("Deschide");
  });
});

describe("the figures and the download", () => {
  it("computes the Wilson interval: inside [0, 1], honest about 3 of 3", () => {
    const { low, high } = wilsonInterval(3, 3);
    expect(low).toBeCloseTo(0.4385, 3);
    expect(high).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    const half = wilsonInterval(50, 100);
    expect(half.low).toBeCloseTo(0.4038, 3);
    expect(half.high).toBeCloseTo(0.5962, 3);
  });

  it("orders the summary most rated first, the unknown model last", () => {
    const summary = summarizeByModel([
      { model: null, rating: "up" },
      { model: "b", rating: "down" },
      { model: "a", rating: "up" },
      { model: "a", rating: "down" },
    ]);
    expect(summary.map((s) => [s.model, s.up, s.down, s.n])).toEqual([
      ["a", 1, 1, 2],
      ["b", 0, 1, 1],
      [null, 1, 0, 1],
    ]);
  });

  it("sends only the filters set", () => {
    expect(feedbackQueryString(NO_FILTERS)).toBe("");
    expect(feedbackQueryString({ ...NO_FILTERS, rating: "down", from: "2026-12-01", model: " " }, -120)).toBe(
      "?rating=down&from=2026-12-01&tzOffset=-120",
    );
    // The offset only goes with a day, which it says how to read.
    expect(feedbackQueryString({ ...NO_FILTERS, rating: "up" }, -120)).toBe("?rating=up");
    expect(reversedDays({ ...NO_FILTERS, from: "2026-12-08", to: "2026-12-01" })).toBe(true);
    expect(reversedDays({ ...NO_FILTERS, from: "2026-12-01", to: "2026-12-01" })).toBe(false);
    expect(reversedDays({ ...NO_FILTERS, from: "2026-12-08" })).toBe(false);
    // A rating at 23:30 UTC on 7 Dec is on 8 Dec in Bucharest (UTC+2).
    expect(localDay("2026-12-07T23:30:00.000Z", -120)).toBe("2026-12-08");
    expect(localDay("2026-12-07T23:30:00.000Z")).toBe("2026-12-07");
  });

  it("writes the rows as a spreadsheet-safe CSV named chat-evaluari-<day>.csv", () => {
    const csv = feedbackCsv(rows.slice(0, 1).concat(rows.at(-1)!), "ro", {
      guest: "invitat",
      removed: "cont șters",
    });
    const lines = csv.split("\n");
    expect(csv.startsWith("\ufeffdata,utilizator,model,temperatura,evaluare,comentariu")).toBe(true);
    expect(lines[1]).toBe(
      "2026-12-07T09:30:00.000Z,ion,offline:extractive,0.3,down,'=nu răspunde,Pensii,true,Ce spun despre pensii?,Comentariile critică pensiile speciale [1].",
    );
    expect(lines[2]).toBe("2026-12-07T09:30:00.000Z,ana,,,up,,,false,,");
    expect(feedbackFileName(new Date("2026-12-07T23:00:00Z"))).toBe("chat-evaluari-2026-12-07.csv");
  });
});
