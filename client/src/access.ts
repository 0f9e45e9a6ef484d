// The client's side of access control, without React: who is signed in (GET /api/auth/me), login and logout, and
// which pages a role may open.
import {
  hasRole,
  NEEDED_ROLE,
  type LoginRequest,
  type MeResponse,
  type SessionUser,
} from "../../contract/auth";
import { request } from "./api";

export function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return request("GET", "/api/auth/me", undefined, signal);
}

export function login(body: LoginRequest): Promise<MeResponse> {
  return request("POST", "/api/auth/login", body);
}

export function logout(): Promise<void> {
  return request("POST", "/api/auth/logout");
}

/** Which pages a user may open: guests chat only, members also compare and annotate, admins also the corpus. */
export function pagesFor(user: Pick<SessionUser, "role">): {
  compare: boolean;
  annotate: boolean;
  corpus: boolean;
  ratings: boolean;
} {
  return {
    compare: hasRole(user.role, NEEDED_ROLE.compare),
    annotate: hasRole(user.role, NEEDED_ROLE.annotate),
    corpus: hasRole(user.role, NEEDED_ROLE.corpus),
    ratings: hasRole(user.role, NEEDED_ROLE.ratings),
  };
}
