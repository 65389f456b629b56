// Streams an XML file through saxes (the parser jsdom uses) and hands over one small element
// tree per record (a WXR <item>, a Disqus <post>), so a export of many megabytes never becomes
// one document in memory.
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';

/**
 * An element of a record: its name as written (with prefix, e.g. `wp:comment`), attributes,
 * child elements and its own text (CDATA included).
 * @typedef {{ name: string, attributes: Record<string, string>, children: XmlElement[], text: string }} XmlElement
 */

/**
 * Reads `file`; calls `onRoot` with the root element's name and attributes (it may throw to stop:
 * not the expected format), then `onRecord` for each element at `depth` (root = 0) whose name
 * `isRecord` accepts.
 * @param {string} file
 * @param {{ onRoot: (name: string, attributes: Record<string, string>) => { depth: number, isRecord: (name: string) => boolean },
 *   onRecord: (element: XmlElement) => void }} handlers
 * @returns {Promise<void>} rejects with the file's line and column when it is not well-formed XML
 */
export async function readRecords(file, { onRoot, onRecord }) {
  const parser = new SaxesParser({ fileName: file });
  /** @type {XmlElement[]} open elements of the record being read */
  const open = [];
  let depth = -1;
  /** @type {{ depth: number, isRecord: (name: string) => boolean } | undefined} */
  let wanted;
  /** @type {Error | undefined} */
  let failure;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    depth++;
    const attributes = /** @type {Record<string, string>} */ (tag.attributes);
    if (depth === 0) {
      wanted = onRoot(tag.name, attributes);
      return;
    }
    if (open.length || (wanted && depth === wanted.depth && wanted.isRecord(tag.name))) {
      /** @type {XmlElement} */
      const element = { name: tag.name, attributes, children: [], text: '' };
      open.at(-1)?.children.push(element);
      open.push(element);
    }
  });
  /** @param {string} text */
  const addText = (text) => {
    const top = open.at(-1);
    if (top) top.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    depth--;
    const element = open.pop();
    if (element && !open.length) onRecord(element);
  });
  let first = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    parser.write(first ? String(chunk).replace(/^\uFEFF/, '') : chunk);
    first = false;
    if (failure) break;
  }
  if (!failure) parser.close();
  if (failure) throw new Error(`${file} is not well-formed XML: ${failure.message}`);
}

/** The first child named `name`. @param {XmlElement | undefined} element @param {string} name */
export function child(element, name) {
  return element?.children.find((node) => node.name === name);
}

/** The children named `name`. @param {XmlElement} element @param {string} name */
export function children(element, name) {
  return element.children.filter((node) => node.name === name);
}

/** The trimmed text of the first child named `name` ('' when absent). @param {XmlElement | undefined} element @param {string} name */
export function textOf(element, name) {
  return child(element, name)?.text.trim() ?? '';
}
