// A corpus record (DESIGN.md, "Corpus records"): one JSON object a line in corpus/cleaned/*.jsonl.
import { z } from "zod";

export const CorpusRecordSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  source: z.string().min(1),
  platform: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "date must start with YYYY-MM-DD"),
  url: z.string().default(""),
  title: z.string().optional(),
  lang: z.string().default("ro"),
});
export type CorpusRecord = z.infer<typeof CorpusRecordSchema>;
