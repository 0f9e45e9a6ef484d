// An admin's thread list says whose each thread is (a student's account, or a guest of the access code); the
// admin's own threads carry no label. It shows the admin's own threads unless "Toate" was chosen (remembered per
// browser): a teacher projecting the chat shows no student's question by default. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Thread } from "../../contract/threads";
import { Sidebar } from "../../client/src/components/Sidebar";
import { I18nProvider } from "../../client/src/i18nContext";

const now = new Date().toISOString();
const thread = (id: string, owner?: Thread["owner"]): Thread => ({
  id,
  title: `Conversația ${id}`,
  userId: id,
  createdAt: now,
  updatedAt: now,
  ...(owner ? { owner } : {}),
});

/** The list as rendered; `shown` is the saved choice of this browser ("mine", "all", or none saved). */
function render(threads: Thread[], lang: "ro" | "en", shown: string | null = "all"): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.threadsShown" ? shown : lang),
    setItem: () => {},
  });
  const noop = () => undefined;
  return renderToStaticMarkup(
    <I18nProvider>
      <Sidebar
        list={{ threads, status: "ready" }}
        open
        onClose={noop}
        onOpen={noop}
        onNew={noop}
        onRename={async () => undefined}
        onDelete={async () => undefined}
        onRetry={noop}
      />
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("an admin's thread list", () => {
  it("names the owner of each thread that is not the admin's own", () => {
    const threads = [
      thread("a", { kind: "user", name: "ana" }),
      thread("g", { kind: "guest" }),
      thread("mine"),
    ];
    const html = render(threads, "ro");
    expect(html.match(/data-testid="thread-owner"/g)).toHaveLength(2);
    expect(html).toContain(">ana<");
    expect(html).toContain("un invitat (cu codul de acces)");
    expect(render(threads, "en")).toContain("a guest (with the access code)");
  });
});

const items = (html: string) => [...html.matchAll(/data-thread-id="([^"]+)"/g)].map((m) => m[1]);
const pressed = (html: string, testId: string) =>
  new RegExp(`data-testid="${testId}" aria-pressed="true"`).test(html);

describe("an admin's choice of whose threads", () => {
  const threads = [
    thread("a", { kind: "user", name: "ana" }),
    thread("mine"),
    thread("g", { kind: "guest" }),
  ];

  it("shows the admin's own threads by default, with the choice of everyone's", () => {
    for (const saved of [null, "mine", "ro"]) {
      const html = render(threads, "ro", saved);
      expect(items(html)).toEqual(["mine"]);
      expect(html).not.toContain('data-testid="thread-owner"');
      expect(pressed(html, "threads-filter-mine")).toBe(true);
      expect(pressed(html, "threads-filter-all")).toBe(false);
      expect(html).toContain(">Ale mele<");
      expect(html).toContain(">Toate<");
    }
    expect(render(threads, "en", null)).toContain("Everyone&#x27;s");
  });

  it("shows everyone's when this browser chose so", () => {
    const html = render(threads, "ro", "all");
    expect(items(html)).toEqual(["a", "mine", "g"]);
    expect(pressed(html, "threads-filter-all")).toBe(true);
  });

  it("offers no choice in a list without others' threads (a member's, or AUTH=off)", () => {
    const html = render([thread("x"), thread("y")], "ro", null);
    expect(items(html)).toEqual(["x", "y"]);
    expect(html).not.toContain("threads-filter-");
  });

  it("says where the others' threads are when the admin has none of their own", () => {
    const html = render([thread("a", { kind: "user", name: "ana" })], "ro", null);
    expect(items(html)).toEqual([]);
    expect(html).toContain("Nicio conversație a dumneavoastră încă; ale celorlalți sunt la „Toate”.");
  });
});
