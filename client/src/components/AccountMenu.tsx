// The signed-in user in the top bar (name and role) with the logout button; nothing with AUTH=off. For an admin with
// AUTH=users, also the way to the accounts page ("Conturi"), marked as the current page while it is open.
import { useState } from "react";
import { openAddress } from "../address";
import { useAccess } from "../AccessGate";
import { useI18n } from "../i18nContext";
import { accountsAllowed, urlWithAppPage } from "../state/accounts";
import "./login.css";

export function AccountMenu({ accountsOpen }: { accountsOpen: boolean }) {
  return <AccountMenuView access={useAccess()} accountsOpen={accountsOpen} />;
}

/** The menu for a given access (rendered without the gate in tests). */
export function AccountMenuView({
  access: { mode, user, logout },
  accountsOpen,
}: {
  access: ReturnType<typeof useAccess>;
  /** The accounts page is the one shown: its button says so as the page tabs do (aria-current="page"). */
  accountsOpen: boolean;
}) {
  const { t } = useI18n();
  const [leaving, setLeaving] = useState(false);
  if (mode === "off") return null;
  return (
    <span className="account" aria-label={t("access.account")}>
      <span className="account-name" data-testid="account-name">
        {user.name}
      </span>
      <span className="account-role">({t(`access.role.${user.role}`)})</span>
      {accountsAllowed(mode, user) && (
        <button
          type="button"
          className="ghost-button small"
          data-testid="nav-accounts"
          aria-current={accountsOpen ? "page" : undefined}
          onClick={() => openAddress(urlWithAppPage(location.href, "accounts"))}
        >
          {t("access.accounts.open")}
        </button>
      )}
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
