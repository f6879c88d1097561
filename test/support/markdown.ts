/** Reading a doc's fenced code blocks, for the tests that keep docs/*.md working. */
export interface FencedBlock {
  /** The info string after the opening fence, e.g. `yaml fragment`. */
  info: string;
  text: string;
  /** 1-based line of the block's first content line in the doc. */
  firstLine: number;
}

/** Every fenced block of `markdown`; `where` names the doc in the error for a block never closed. */
export function fencedBlocks(markdown: string, where: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S.*)?$/.exec(lines[i] as string);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line === '```');
    if (end < 0) throw new Error(`${where}:${i + 1}: code block never closed`);
    blocks.push({ info: (open[1] ?? '').trim(), text: lines.slice(i + 1, end).join('\n') + '\n', firstLine: i + 2 });
    i = end;
  }
  return blocks;
}
