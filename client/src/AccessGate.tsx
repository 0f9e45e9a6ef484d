// The access gate: asks the server who is signed in before the app mounts; without a session it shows the login
// page, with one it gives the app the user (useAccess) and a logout. With AUTH=off the server answers with the local
// user at once, so local use looks as it always did. A 401 or a refused socket anywhere brings the login back.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { LOCAL_USER, type MeResponse, type SessionUser } from "../../contract/auth";
import { fetchMe, logout as requestLogout } from "./access";
import { safeStorage } from "./i18n";
import { useI18n } from "./i18nContext";
import { saveAnnotator } from "./state/annotator";
import { draftsBelongTo, forgetSessionDrafts } from "./state/sessionDrafts";
import { SIGNED_OUT_EVENT } from "./sessionEvents";

interface Access {
  mode: MeResponse["mode"];
  user: SessionUser;
  logout: () => Promise<void>;
}

const AccessContext = createContext<Access>({
  mode: "off",
  user: LOCAL_USER,
  logout: async () => undefined,
});

export function useAccess(): Access {
  return useContext(AccessContext);
}

type GateState =
  | { kind: "checking" }
  | { kind: "unreachable" }
  | { kind: "signed-out"; me: MeResponse; expired: boolean }
  | { kind: "signed-in"; me: MeResponse & { user: SessionUser } };

/** What the gate shows without a session (main.tsx hands in the login page: the gate sits below the components). */
export interface LoginView {
  logins: MeResponse["logins"];
  expired: boolean;
  onSignedIn: (me: MeResponse) => void;
}

export function AccessGate({
  children,
  login,
}: {
  children: ReactNode;
  login: (view: LoginView) => ReactNode;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<GateState>({ kind: "checking" });

  const signIn = useCallback((me: MeResponse & { user: SessionUser }) => {
    // With accounts, people's labels carry the account's name (the server insists): the forms start with it.
    if (me.user.kind === "user") saveAnnotator(me.user.name, safeStorage());
    draftsBelongTo(me.user.id);
    setState({ kind: "signed-in", me });
  }, []);

  const check = useCallback(
    (expired = false, signal?: AbortSignal) => {
      fetchMe(signal)
        .then((me) =>
          me.user ? signIn({ ...me, user: me.user }) : setState({ kind: "signed-out", me, expired }),
        )
        .catch((err: unknown) => {
          if (signal?.aborted) return;
          console.error(err);
          setState({ kind: "unreachable" });
        });
    },
    [signIn],
  );

  useEffect(() => {
    const controller = new AbortController();
    check(false, controller.signal);
    const onSignedOut = () => check(true);
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => {
      controller.abort();
      window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
    };
  }, [check]);

  const logout = useCallback(async () => {
    await requestLogout();
    forgetSessionDrafts();
    check();
  }, [check]);

  const access = useMemo<Access | null>(
    () => (state.kind === "signed-in" ? { mode: state.me.mode, user: state.me.user, logout } : null),
    [state, logout],
  );

  if (state.kind === "checking") {
    return (
      <p className="loading access-checking" role="status">
        <span className="spinner" aria-hidden="true" /> {t("access.checking")}
      </p>
    );
  }
  if (state.kind === "unreachable") {
    return (
      <div className="login-page">
        <p role="alert">{t("access.unreachable")}</p>
        <button type="button" className="ghost-button" onClick={() => check()}>
          {t("access.retry")}
        </button>
      </div>
    );
  }
  if (state.kind === "signed-out" || !access) {
    const me = state.kind === "signed-out" ? state.me : null;
    return login({
      logins: me?.logins ?? { code: false, users: true },
      expired: state.kind === "signed-out" && state.expired,
      onSignedIn: (next) => next.user && signIn({ ...next, user: next.user }),
    });
  }
  return <AccessContext.Provider value={access}>{children}</AccessContext.Provider>;
}
