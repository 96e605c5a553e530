import { isMap, type Node, type YAMLMap } from 'yaml';
import type { YamlSource } from './yaml-source.js';

/**
 * Adds `sha256:` to evidence entries by inserting text, never by re-serialising the file:
 * every comment, blank line, quote style and key order stays as the author wrote it.
 */
export function insertSha256(source: YamlSource, text: string, additions: { index: number; sha256: string }[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: { at: number; insert: string }[] = [];
  for (const { index, sha256 } of additions) {
    const item = source.doc.getIn(['evidence', index], true) as Node | undefined;
    if (!item || !isMap(item)) throw new Error(`evidence[${index}] is not a mapping`);
    const map = item as YAMLMap;
    if (map.flow) {
      // { id: E1, file: x } -> { id: E1, file: x, sha256: "..." }
      const close = text.lastIndexOf('}', map.range![1] - 1);
      const before = text.slice(0, close).trimEnd();
      edits.push({ at: before.length, insert: `, sha256: "${sha256}"` });
      continue;
    }
    const first = map.items[0]?.key as Node | undefined;
    const last = map.items.at(-1);
    const lastNode = (last?.value ?? last?.key) as Node | undefined;
    if (!first?.range || !lastNode?.range) throw new Error(`evidence[${index}] has no fields`);
    const column = first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1);
    // After the line on which the entry's last value ends (a block scalar ends with its newline).
    const end = lastNode.range[1];
    const newline = text.indexOf('\n', Math.max(0, end - 1));
    const at = newline < 0 ? text.length : newline + 1;
    const lead = newline < 0 ? eol : '';
    edits.push({ at, insert: `${lead}${' '.repeat(column)}sha256: "${sha256}"${eol}` });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, edit.at) + edit.insert + out.slice(edit.at);
  return out;
}
