// The client's side of access control, without React: who is signed in (GET /api/auth/me), login and logout, and
// which pages a role may open.
import {
  hasRole,
  type LoginRequest,
  type MeResponse,
  type Role,
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

/** Which pages a user may open: guests chat only. */
export function pagesFor(user: Pick<SessionUser, "role">): { compare: boolean; annotate: boolean } {
  const member: Role = "member";
  return { compare: hasRole(user.role, member), annotate: hasRole(user.role, member) };
}
