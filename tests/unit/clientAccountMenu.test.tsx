// The account menu's "Conturi" button, rendered without a browser: marked as the current page (aria-current="page",
// like the page tabs) while the accounts page is open, and not otherwise.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AccountMenuView } from "../../client/src/components/AccountMenu";
import { I18nProvider } from "../../client/src/i18nContext";

const admin = {
  mode: "users" as const,
  user: { id: "u1", name: "ana", role: "admin" as const, kind: "user" as const },
  logout: async () => undefined,
};

/** The opening tag of the accounts button. */
function accountsButton(accountsOpen: boolean): string {
  const html = renderToStaticMarkup(
    <I18nProvider>
      <AccountMenuView access={admin} accountsOpen={accountsOpen} />
    </I18nProvider>,
  );
  const at = html.indexOf('data-testid="nav-accounts"');
  expect(at).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf("<button", at), html.indexOf(">", at) + 1);
}

describe("the accounts button", () => {
  it("is the current page while the accounts page is open, and only then", () => {
    expect(accountsButton(true)).toContain('aria-current="page"');
    expect(accountsButton(false)).not.toContain("aria-current");
  });
});
