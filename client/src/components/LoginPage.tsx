// The login page, in Romanian or English: the access code of a demo (AUTH=code) and/or a name and password
// (AUTH=users). The server's error (a wrong code, too many attempts) shows in the UI's language, and what was typed
// stays in the form.
import { useState, type FormEvent } from "react";
import type { LoginRequest, MeResponse } from "../../../contract/auth";
import { inLanguage, type UserError } from "../../../contract/errors";
import { login } from "../access";
import { ApiError, setApiLang } from "../api";
import { LANGS } from "../i18n";
import { useI18n } from "../i18nContext";
import "./login.css";

export interface LoginPageProps {
  logins: MeResponse["logins"];
  /** The session ended while the app was open. */
  expired: boolean;
  onSignedIn: (me: MeResponse) => void;
}

export function LoginPage({ logins, expired, onSignedIn }: LoginPageProps) {
  const { t, lang, setLang } = useI18n();
  const [code, setCode] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  // The error as the server coded it (or null when it could not be reached), said in the language shown now.
  const [error, setError] = useState<UserError | null>();
  const [working, setWorking] = useState(false);

  const submit = (body: LoginRequest) => (e: FormEvent) => {
    e.preventDefault();
    setWorking(true);
    setError(undefined);
    setApiLang(lang);
    login(body)
      .then(onSignedIn)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.error : null))
      .finally(() => setWorking(false));
  };

  return (
    <main className="login-page" data-testid="login-page">
      <div className="login-card">
        <div className="login-head">
          <h1>{t("app.name")}</h1>
          <div className="segmented" role="group" aria-label={t("header.language")}>
            {LANGS.map((l) => (
              <button
                key={l}
                type="button"
                data-testid={`lang-${l}`}
                aria-pressed={lang === l}
                onClick={() => setLang(l)}
              >
                {l.toUpperCase()}
              </button>
            ))}
          </div>
        </div>
        <h2>{t("access.title")}</h2>
        <p className="login-intro">{expired ? t("access.expired") : t("access.intro")}</p>
        {error !== undefined && (
          <p className="login-error" role="alert" data-testid="login-error">
            {error === null ? t("access.unreachable") : inLanguage(error, lang)}
          </p>
        )}
        {logins.code && (
          <form className="login-form" onSubmit={submit({ code })}>
            <label>
              {t("access.code")}
              <input
                data-testid="login-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                autoComplete="off"
                // A code, not a sentence: no capital first letter, no correction, no underlined "misspelling" on a
                // phone (the server folds the case anyway, server/auth/routes.ts).
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                autoFocus
                required
              />
            </label>
            <span className="login-hint">{t("access.codeHint")}</span>
            <button type="submit" className="primary-button" data-testid="login-submit" disabled={working}>
              {working ? t("access.working") : t("access.codeSubmit")}
            </button>
          </form>
        )}
        {logins.code && logins.users && <p className="login-or">{t("access.or")}</p>}
        {logins.users && (
          <form className="login-form" onSubmit={submit({ username, password })}>
            <label>
              {t("access.username")}
              <input
                data-testid="login-username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                autoFocus={!logins.code}
                required
              />
            </label>
            <label>
              {t("access.password")}
              <input
                data-testid="login-password"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
                required
              />
            </label>
            <button
              type="submit"
              className={logins.code ? "ghost-button" : "primary-button"}
              data-testid={logins.code ? "login-account-submit" : "login-submit"}
              disabled={working}
            >
              {working ? t("access.working") : t("access.submit")}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
