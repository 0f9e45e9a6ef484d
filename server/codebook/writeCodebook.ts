// Writes docs/codebook.md from server/codebook/codebook.ts: `npx tsx server/codebook/writeCodebook.ts`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { codebookMarkdown } from "./codebook";

const target = fileURLToPath(new URL("../../docs/codebook.md", import.meta.url));
writeFileSync(target, codebookMarkdown());
process.stdout.write(`${target}\n`);
