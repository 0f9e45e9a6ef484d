// The signed-in user in the top bar (name and role) with the logout button; nothing with AUTH=off.
import { useState } from "react";
import { useAccess } from "../AccessGate";
import { useI18n } from "../i18nContext";
import "./login.css";

export function AccountMenu() {
  const { t } = useI18n();
  const { mode, user, logout } = useAccess();
  const [leaving, setLeaving] = useState(false);
  if (mode === "off") return null;
  return (
    <span className="account" aria-label={t("access.account")}>
      <span className="account-name" data-testid="account-name">
        {user.name}
      </span>
      <span className="account-role">({t(`access.role.${user.role}`)})</span>
      <button
        type="button"
        className="ghost-button small"
        data-testid="logout"
        disabled={leaving}
        onClick={() => {
          setLeaving(true);
          logout().catch((err: unknown) => {
            console.error(err);
            setLeaving(false);
          });
        }}
      >
        {t("access.logout")}
      </button>
    </span>
  );
}
