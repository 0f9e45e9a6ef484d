// REST calls of the "Conturi" page (/api/accounts, admins with AUTH=users). Errors come back as ApiError with the
// server's code and its message in the UI's language (client/src/api.ts).
import type {
  AccountsResponse,
  AddAccountsRequest,
  AddAccountsResponse,
  ChangeAccountRequest,
  ChangeAccountResponse,
} from "../../contract/accounts";
import { request } from "./api";

const accountUrl = (username: string) => `/api/accounts/${encodeURIComponent(username)}`;

export function fetchAccounts(signal?: AbortSignal): Promise<AccountsResponse> {
  return request("GET", "/api/accounts", undefined, signal);
}

export function addAccounts(body: AddAccountsRequest): Promise<AddAccountsResponse> {
  return request("POST", "/api/accounts", body);
}

export function changeAccount(username: string, body: ChangeAccountRequest): Promise<ChangeAccountResponse> {
  return request("PATCH", accountUrl(username), body);
}

export function removeAccount(username: string): Promise<void> {
  return request("DELETE", accountUrl(username));
}
