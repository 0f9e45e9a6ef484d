// The top bar: name, connection state, new conversation, language and theme.
import { LANGS } from "../i18n";
import { useI18n } from "../i18nContext";
import type { ConnectionState } from "../socket/useChat";
import type { Theme } from "../theme";

interface Props {
  connection: ConnectionState;
  theme: Theme;
  onToggleTheme: () => void;
  onNewThread: () => void;
  canStartNew: boolean;
}

export function Header({ connection, theme, onToggleTheme, onNewThread, canStartNew }: Props) {
  const { t, lang, setLang } = useI18n();
  const themeLabel = theme === "dark" ? t("header.theme.light") : t("header.theme.dark");
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◖◗
        </span>
        <h1>{t("app.name")}</h1>
        <span className="tagline">{t("app.tagline")}</span>
      </div>
      {connection !== "connected" && (
        <span className={`connection ${connection}`} role="status" data-testid="connection">
          <span className="spinner" aria-hidden="true" />
          {connection === "connecting" ? t("connection.connecting") : t("connection.reconnecting")}
        </span>
      )}
      <div className="topbar-actions">
        <button type="button" className="ghost-button" onClick={onNewThread} disabled={!canStartNew}>
          + {t("header.newThread")}
        </button>
        <div className="segmented" role="group" aria-label={t("header.language")}>
          {LANGS.map((l) => (
            <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)}>
              {l.toUpperCase()}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={onToggleTheme}
          aria-label={themeLabel}
          title={themeLabel}
        >
          {theme === "dark" ? "☀" : "☾"}
        </button>
      </div>
    </header>
  );
}
