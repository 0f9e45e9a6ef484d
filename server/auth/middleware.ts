// Protecting a route or a router is one line; the user comes from the session (the local admin with AUTH=off):
//
//   app.use("/api/corpus", requireRole("admin"), corpusRouter(deps));     // a whole router
//   router.post("/runs", requireRole("member"), async (req, res) => ...); // one route
//   const user = userOf(req);                                            // inside: who asks (server/identity.ts)
//   if (!canSee(user, row.userId)) throw new AppError("…:not_found");     // rows of other users: 404, never 403
//
// Roles and what each may do: contract/auth.ts (NEEDED_ROLE). Every /api route but /api/health and /api/auth/* already
// needs a session (server/app.ts); requireRole adds the least role. A missing session is 401 `auth:required`, a role
// too low 403 `auth:forbidden`; both coded and in the asker's language.
import type { RequestHandler } from "express";
import { hasRole, type Role } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import { userOf } from "../identity";

/** Lets the request through when its user has at least `role`. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    const user = userOf(req);
    if (!hasRole(user.role, role)) throw new AppError("auth:forbidden", { role: user.role });
    next();
  };
}

/** Lets the request through when it has a session (always with AUTH=off). */
export const requireSession: RequestHandler = (req, _res, next) => {
  userOf(req);
  next();
};
