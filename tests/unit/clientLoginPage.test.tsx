// The login page's fields as a phone's keyboard reads them: the access code and the user name are not sentences, so
// the keyboard must not capitalise their first letter, correct them or underline them. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LoginPage } from "../../client/src/components/LoginPage";
import { I18nProvider } from "../../client/src/i18nContext";

function render(): string {
  vi.stubGlobal("localStorage", { getItem: () => "ro", setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <LoginPage logins={{ code: true, users: true }} expired={false} onSignedIn={() => {}} />
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

/** The opening tag of the input with this data-testid. */
const input = (html: string, testId: string) =>
  html.match(new RegExp(`<input[^>]*data-testid="${testId}"[^>]*>`))?.[0] ?? "";

describe("the login page on a phone", () => {
  it("asks the keyboard not to capitalise, correct or spell-check the access code", () => {
    const code = input(render(), "login-code");
    expect(code).not.toBe("");
    expect(code).toContain('autoCapitalize="off"');
    expect(code).toContain('autoCorrect="off"');
    expect(code).toContain('spellCheck="false"');
  });

  it("asks the same for the user name, and leaves the password to the password manager", () => {
    const html = render();
    const name = input(html, "login-username");
    expect(name).toContain('autoCapitalize="none"');
    expect(name).toContain('autoCorrect="off"');
    expect(name).toContain('spellCheck="false"');
    expect(input(html, "login-password")).toContain('autoComplete="current-password"');
  });
});
