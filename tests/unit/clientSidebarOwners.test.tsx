// An admin's thread list says whose each thread is (a student's account, or a guest of the access code); the
// admin's own threads carry no label. Rendered without a browser.
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

function render(threads: Thread[], lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
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
