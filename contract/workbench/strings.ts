// String schemas the workbench payloads share (ids, names, column names); internal to contract/workbench/, not
// re-exported by its index.
import { z } from "zod";

export const Id = z.string().trim().min(1).max(100);
export const Name = z.string().trim().min(1).max(200);
export const ColumnName = z.string().min(1).max(300);
