// One window event that any part of the app raises when the server says the session is gone (a 401 on REST, a
// connect_error on the socket), so that the access gate shows the login page again.
export const SIGNED_OUT_EVENT = "echochamber:signed-out";

/** The codes that mean "no valid session". */
export function endsSession(code: string | undefined): boolean {
  return code === "auth:required";
}

export function notifySignedOut(): void {
  if (typeof window !== "undefined") window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
}

/** For a socket's connect_error: the coded error the server put in its `data`, if any. */
export function socketErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === "string" ? data.code : undefined;
}
