// The top bar: the thread list toggle, name, connection state, new conversation, presentation mode, language and
// theme. On a phone the account and the settings do not fit beside the name: they fold behind one menu button
// (a disclosure, as Open WebUI's phone layout does), closed by Esc, by a tap elsewhere or by leaving it with Tab.
import { memo, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import { LANGS } from "../i18n";
import { AccountMenu } from "./AccountMenu";
import { AccountIcon } from "./Icons";
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
  const menu = useHeaderMenu();
  // Opening the accounts page from the menu leaves the menu behind.
  useEffect(() => menu.close(), [accountsOpen, menu.close]);
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
      <button
        type="button"
        ref={menu.buttonRef}
        className="icon-button header-menu-button"
        data-testid="header-menu"
        aria-expanded={menu.open}
        aria-controls="header-actions"
        aria-label={t("header.menu")}
        title={t("header.menu")}
        onClick={menu.toggle}
        onKeyDown={menu.onKeyDown}
      >
        <AccountIcon />
      </button>
      {/* On a wide screen always shown; on a phone the menu's panel, shown while the button above is expanded. */}
      <div
        id="header-actions"
        ref={menu.panelRef}
        className={`topbar-actions${menu.open ? " open" : ""}`}
        onKeyDown={menu.onKeyDown}
        onBlur={menu.onBlur}
      >
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
          <span aria-hidden="true">{theme === "dark" ? "☀" : "☾"}</span>
          <span className="menu-only"> {themeLabel}</span>
        </button>
      </div>
    </header>
  );
}

/** The phone's menu: open or not, and what closes it (Esc, with the focus back on the button; a tap or Tab away). */
function useHeaderMenu() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const inside = (node: EventTarget | null) =>
    node instanceof Node && Boolean(buttonRef.current?.contains(node) || panelRef.current?.contains(node));
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!inside(e.target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer, true);
    return () => document.removeEventListener("pointerdown", onPointer, true);
  }, [open]);
  const close = useRef(() => setOpen(false)).current;
  const toggle = useRef(() => setOpen((was) => !was)).current;
  return {
    open,
    buttonRef,
    panelRef,
    close,
    toggle,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== "Escape" || !open) return;
      // Handled here: the app's own Esc (stop the answer, close the panel or the drawer) leaves it alone.
      e.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    },
    onBlur: (e: FocusEvent) => {
      if (open && e.relatedTarget !== null && !inside(e.relatedTarget)) setOpen(false);
    },
  };
}

export const Header = memo(HeaderView);
