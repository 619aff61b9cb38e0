import type { Change } from "./change";

export type Format = "text" | "markdown" | "json";

const count = (changes: readonly Change[]) => {
  const breaking = changes.filter((c) => c.breaking).length;
  return { breaking, nonBreaking: changes.length - breaking };
};

const tally = (changes: readonly Change[]) => {
  const { breaking, nonBreaking } = count(changes);
  return `${breaking} breaking, ${nonBreaking} non-breaking`;
};

export function formatReport(changes: readonly Change[], format: Format): string {
  switch (format) {
    case "text":
      return formatText(changes);
    case "markdown":
      return formatMarkdown(changes);
    case "json":
      return JSON.stringify({ ...count(changes), changes }, null, 2) + "\n";
  }
}

/** One line per change: classification, operations, what changed, and where. */
function formatText(changes: readonly Change[]): string {
  if (changes.length === 0) return "No changes.\n";
  const lines = changes.map((c) => `${(c.breaking ? "breaking" : "non-breaking").padEnd(13)}${c.operations.join(", ")}  ${c.message}  (${c.path})`);
  return `${lines.join("\n")}\n${tally(changes)}\n`;
}

/** A PR comment: the breaking changes in a table, the others folded away. The marker lets a workflow find its own comment. */
function formatMarkdown(changes: readonly Change[]): string {
  const title = changes.length === 0 ? "No changes to the API" : `API changes: ${tally(changes)}`;
  const out = ["<!-- callspec diff -->", `### ${title}`, ""];
  const breaking = changes.filter((c) => c.breaking);
  const others = changes.filter((c) => !c.breaking);
  if (breaking.length > 0) out.push("**Breaking**: clients that work today may fail.", "", ...table(breaking), "");
  if (others.length > 0) out.push(`<details><summary>Non-breaking (${others.length})</summary>`, "", ...table(others), "", "</details>", "");
  return out.join("\n");
}

function table(changes: readonly Change[]): string[] {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const code = (text: string) => (text.includes("`") ? `\`\` ${cell(text)} \`\`` : `\`${cell(text)}\``);
  return [
    "| Operation | Change | Where |",
    "| --- | --- | --- |",
    ...changes.map((c) => `| ${c.operations.map(code).join("<br>")} | ${cell(c.message)} | ${code(c.path)} |`),
  ];
}
