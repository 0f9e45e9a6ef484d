// A page of the address that the signed-in role cannot open: a member at ?page=corpus or ?page=accounts, a guest at
// ?page=annotate. The page says whom it is for and links back to the chat, in Romanian and English, instead of
// showing the chat under an address that still names the page. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PageRefused } from "../../client/src/components/PageRefused";
import { I18nProvider } from "../../client/src/i18nContext";
import { pageRefusal, type PageRefusal } from "../../client/src/state/accounts";

function render(refusal: PageRefusal, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <PageRefused refusal={refusal} chatHref="/?thread=t1" onChat={() => {}} />
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("a page the role cannot open", () => {
  it("is refused by role, as the tabs and the server refuse it", () => {
    expect(pageRefusal("corpus", "users", { role: "member" })).toBe("admin");
    expect(pageRefusal("accounts", "users", { role: "member" })).toBe("admin");
    expect(pageRefusal("annotate", "code", { role: "guest" })).toBe("member");
    expect(pageRefusal("compare", "code", { role: "guest" })).toBe("member");
    // An admin of AUTH=code or AUTH=off has no accounts page: said so, not "for administrators".
    expect(pageRefusal("accounts", "code", { role: "admin" })).toBe("accountsOff");
    expect(pageRefusal("accounts", "off", { role: "admin" })).toBe("accountsOff");
    for (const page of ["chat", "compare", "annotate", "corpus", "accounts"] as const) {
      expect(pageRefusal(page, "users", { role: "admin" })).toBeUndefined();
    }
    expect(pageRefusal("chat", "code", { role: "guest" })).toBeUndefined();
    expect(pageRefusal("annotate", "users", { role: "member" })).toBeUndefined();
  });

  it("says whom the page is for and links back to the chat, in Romanian and English", () => {
    const ro = render("admin", "ro");
    expect(ro).toContain('data-testid="page-refused"');
    expect(ro).toContain("Pagina aceasta este doar pentru administratori.");
    expect(ro).toMatch(/<a href="\/\?thread=t1" data-testid="page-refused-chat">Înapoi la conversație<\/a>/);
    expect(render("admin", "en")).toContain("This page is for administrators only.");
    expect(render("admin", "en")).toContain("Back to the chat");
    expect(render("member", "ro")).toContain("Pagina aceasta este doar pentru membri și administratori.");
    expect(render("accountsOff", "en")).toContain("exists only when the server uses accounts (AUTH=users)");
  });
});
