// The top bar: the thread list toggle, name, connection state, new conversation, presentation mode, language and
// theme.
import { memo } from "react";
import { LANGS } from "../i18n";
import { AccountMenu } from "./AccountMenu";
import { useI18n } from "../i18nContext";
import type { ConnectionState } from "../socket/useChat";
import type { Presentation } from "../state/presentation";
import { PresentationControls } from "./PresentationControls";
import type { Theme } from "../theme";
import { SkipLink } from "./SkipLink";

interface Props {
  connection: ConnectionState;
  theme: Theme;
  onToggleTheme: () => void;
  onNewThread: () => void;
  sidebarOpen: boolean;
  onToggleSidebar: () => void;
  presentation: Presentation;
  onPresentationChange: (next: Presentation) => void;
  /** The accounts page is open (its button in the account menu is then the current page). */
  accountsOpen?: boolean;
}

function HeaderView({
  connection,
  theme,
  onToggleTheme,
  onNewThread,
  sidebarOpen,
  onToggleSidebar,
  presentation,
  onPresentationChange,
  accountsOpen = false,
}: Props) {
  const { t, lang, setLang } = useI18n();
  const themeLabel = theme === "dark" ? t("header.theme.light") : t("header.theme.dark");
  return (
    <header className="topbar">
      <SkipLink />
      <button
        type="button"
        className="icon-button menu-button"
        data-testid="sidebar-toggle"
        aria-expanded={sidebarOpen}
        aria-label={t("header.threads")}
        title={t("header.threads")}
        onClick={onToggleSidebar}
      >
        ☰
      </button>
      <div className="brand">
        <span className="logo" aria-hidden="true">
          <span className="logo-a" />
          <span className="logo-b" />
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
        <AccountMenu accountsOpen={accountsOpen} />
        <button
          type="button"
          className="ghost-button new-button"
          onClick={onNewThread}
          aria-label={t("header.newThread")}
          title={t("header.newThread")}
        >
          <span aria-hidden="true">+</span>
          <span className="new-label"> {t("header.newThread")}</span>
        </button>
        <PresentationControls value={presentation} onChange={onPresentationChange} />
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
        <button
          type="button"
          className="icon-button"
          data-testid="theme-toggle"
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

export const Header = memo(HeaderView);
