import { nothing, render } from 'lit';
import { escapeHtml } from '../core/markdown.js';

/*
 * The comments' own DOM, without a Lit part per comment. A comment is described by plain objects
 * (`h('li', { part: 'item' }, …)`), then built, patched in place against the DOM it has now,
 * taken over from a server's markup, or written as HTML on a server. Lit renders each comment in
 * a template with some thirty parts, each leaving a marker comment node: per comment that was more
 * nodes than the comment's own (a 1,000-comment thread held 22,000 markers), and as many objects
 * on the heap. Here nothing is kept but the DOM (and each element's listeners): a description is
 * garbage once applied. Patching keeps every element that stays (and the focus in it), as Lit
 * does; what the thread renders rarely and per one comment — the forms, the dialogs, a
 * moderator's actions — is still Lit's, placed with {@link live}.
 */

/**
 * An element: its tag, attributes (`'@type'`: a listener), and children. Every attribute it may
 * have is in its attributes, `null`/`false` when absent: a patch sets or removes those, no others.
 */
export interface El {
  readonly tag: string;
  readonly attrs: Attrs;
  readonly kids: Child[];
  /** Keeps an element with its DOM among its siblings, whatever moves (`li` of a comment); it keeps its tag. */
  key?: string;
  /** Patching: leave the element with this key as it is (its description has not changed). */
  keep?: boolean;
}

/** Attribute values (`null`, `undefined` or `false`: absent) and `'@type'` listeners. */
export type Attrs = Record<string, string | number | null | undefined | false | ((event: Event) => void)>;

/**
 * A node or a Lit value placed as it is, under a name that keeps it in place among its siblings.
 * Taking over a server's markup, a node left `undefined` becomes the server's node in its place
 * (a comment's body: the server sanitised it already).
 */
export class Live {
  constructor(
    public value: unknown,
    readonly name: string,
  ) {}
}

/** Markup that is already safe (a body the sanitiser returned): written as it is, on a server only. */
export class Raw {
  constructor(readonly html: string) {}
}

export type Child = El | string | Live | Raw;
/** What an element's children may be given as. */
export type Kids = Child | null | undefined | false | readonly Kids[];

/** Stands for the keyed element `key` (a `tag`) whose description has not changed: a patch leaves it as it is. */
export const kept = (tag: string, key: string): El => ({ tag, attrs: {}, kids: [], key, keep: true });

/** An element's description. Children: texts (adjacent ones joined), elements, {@link live} values; falsy ones are left out. */
export function h(tag: string, attrs: Attrs, ...kids: Kids[]): El {
  const out: Child[] = [];
  add(out, kids);
  return { tag, attrs, kids: out };
}

function add(out: Child[], kids: readonly Kids[]): void {
  for (const kid of kids) {
    if (kid === null || kid === undefined || kid === false || kid === '') continue;
    if (Array.isArray(kid)) add(out, kid);
    else if (typeof kid === 'string' && typeof out[out.length - 1] === 'string') {
      // The HTML parser makes one text node of adjacent text: so does this.
      out[out.length - 1] += kid;
    } else out.push(kid as Child);
  }
}

/** A node or a Lit value (a form, a dialog) in a comment, or nothing when it is `nothing`/`undefined`. */
export function live(value: unknown, name: string): Live | null {
  return value === nothing || value === undefined || value === null ? null : new Live(value, name);
}

// ---- Server: HTML ----

const VOID = new Set(['img', 'input', 'br', 'hr']);

/** The HTML of `child` (a server's render; {@link Live} values render nothing there). */
export function toHTML(child: Child): string {
  if (typeof child === 'string') return escapeHtml(child);
  if (child instanceof Raw) return child.html;
  if (child instanceof Live) return '';
  let out = `<${child.tag}`;
  for (const [name, value] of Object.entries(child.attrs)) {
    if (name[0] !== '@' && value !== null && value !== undefined && value !== false) out += ` ${name}="${escapeHtml(String(value))}"`;
  }
  out += '>';
  if (VOID.has(child.tag)) return out;
  for (const kid of child.kids) out += toHTML(kid);
  return `${out}</${child.tag}>`;
}

// ---- Browser: build, patch, take over ----

/** Each element's listeners, by event type. */
const listeners = new WeakMap<EventTarget, Record<string, (event: Event) => void>>();
/** Where a Lit value was rendered: its start marker → its anchor (named after the value). */
const regions = new WeakMap<Node, Comment>();
/** A node placed as it is → `@` and its name; a keyed element → `=` and its key. */
const keys = new WeakMap<Node, string>();

function dispatch(this: Element, event: Event): void {
  listeners.get(this)?.[event.type]?.(event);
}

/**
 * Sets `element`'s attributes and listeners to `attrs`. `server`: a server wrote the attributes
 * from the same description; only the listeners are added (as Lit's hydration does).
 */
function setAttrs(element: Element, attrs: Attrs, server?: boolean): void {
  let on: Record<string, (event: Event) => void> | undefined;
  for (const name in attrs) {
    const value = attrs[name];
    if (name[0] === '@') (on ??= {})[name.slice(1)] = value as (event: Event) => void;
    else if (server) continue;
    else if (value === null || value === undefined || value === false) element.removeAttribute(name);
    else if (element.getAttribute(name) !== `${value}`) element.setAttribute(name, `${value}`);
  }
  if (!on) return;
  const before = listeners.get(element);
  for (const type in on) if (!before?.[type]) element.addEventListener(type, dispatch);
  listeners.set(element, on);
}

/** A Lit value (not a node, nor a node to take over). */
const isLit = (child: Child): boolean => child instanceof Live && child.value !== undefined && !(child.value instanceof Node);

/** A child in the DOM: its key (see {@link keyOf}), its first and last node (a Lit value's: start marker to anchor). */
interface Placed {
  readonly key: string;
  readonly first: Node;
  readonly last: Node;
}

/** Counts the children with `key` so far: the second `<p part="note">` is `p|note#1`. */
function counted(key: string, seen: Map<string, number>): string {
  const count = seen.get(key) ?? 0;
  seen.set(key, count + 1);
  return count ? `${key}#${count}` : key;
}

/** An unkeyed element's key, before counting: its tag and part (else class), described or in the DOM. */
const elementKey = (tag: string, part: unknown, cls: unknown): string => `${tag}|${part ?? cls ?? ''}`;

/** Where a described child stays among its siblings: its name, key, or kind, tag and part, counted. */
function keyOf(child: Child, seen: Map<string, number>): string {
  return child instanceof Live
    ? `@${child.name}`
    : typeof child === 'string'
      ? counted('#', seen)
      : (child as El).key !== undefined
        ? `=${(child as El).key}`
        : counted(elementKey((child as El).tag, (child as El).attrs.part, (child as El).attrs.class), seen);
}

/** The children `parent` has now, keyed as {@link keyOf} keys their descriptions (a stray comment node: `!`). */
function placed(parent: Node): Placed[] {
  const out: Placed[] = [];
  const seen = new Map<string, number>();
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const first = node;
    const anchor = regions.get(node);
    if (anchor) node = anchor;
    const element = node as Element;
    const key = anchor
      ? `@${anchor.data}`
      : (keys.get(node) ??
        (node.nodeType === 1
          ? counted(elementKey(element.localName, element.getAttribute('part'), element.getAttribute('class')), seen)
          : node.nodeType === 3
            ? counted('#', seen)
            : '!'));
    out.push({ key, first, last: node });
  }
  return out;
}

/** The server's markup is not what the description says (see {@link take}). */
export class Mismatch extends Error {}

/**
 * Builds `child` in `parent` — or, given `server`, takes over the node a server wrote from the
 * same description (`null`: it wrote none). A Lit value is rendered anew, at the end of `parent`.
 * ({@link Raw} markup is a server's only: the browser's bodies are elements, given {@link live}.)
 */
function make(parent: Node, child: Child, key: string, server?: Node | null): Placed {
  if (server === null) throw new Mismatch();
  if (isLit(child)) {
    const anchor = parent.appendChild(document.createComment((child as Live).name));
    const first = render((child as Live).value, parent as HTMLElement, { renderBefore: anchor }).startNode!;
    regions.set(first, anchor);
    return { key, first, last: anchor };
  }
  if (typeof child !== 'string' && !(child instanceof Live)) {
    const element = take(server ?? document.createElement((child as El).tag), child as El, server !== undefined);
    if ((child as El).key !== undefined) keys.set(element, key);
    return { key, first: element, last: element };
  }
  if (child instanceof Live && child.value === undefined) child.value = server;
  const node = child instanceof Live ? (child.value as Node) : (server ?? document.createTextNode(child));
  if (server && (child instanceof Live ? server !== node : server.nodeType !== 3)) throw new Mismatch();
  if (typeof child === 'string' && (node as Text).data !== child) (node as Text).data = child;
  if (child instanceof Live) keys.set(node, key);
  return { key, first: node, last: node };
}

/** Builds the element `el` describes. */
export const build = (el: El): Element => take(document.createElement(el.tag), el, false);

/**
 * Takes over `element`, as a server wrote it from `el`: each element and text is kept (texts
 * brought up to date), listeners are added, Lit values rendered anew. Throws {@link Mismatch}
 * where the markup is not what `el` describes. (`server` false: `element` is new.)
 */
export function take(element: Node, el: El, server = true): Element {
  if ((element as Element).localName !== el.tag) throw new Mismatch();
  setAttrs(element as Element, el.attrs, server);
  let cursor = server ? element.firstChild : null;
  const seen = new Map<string, number>();
  for (const kid of el.kids) {
    const done = make(element, kid, keyOf(kid, seen), server && !isLit(kid) ? cursor : undefined);
    if (server && done.first === cursor) cursor = done.last.nextSibling;
    else move(element, done, cursor);
  }
  if (cursor) throw new Mismatch();
  return element as Element;
}

/** Brings `element` (built from a description, or taken over) up to what `el` describes. */
export function refresh(element: Element, el: El): void {
  setAttrs(element, el.attrs);
  patch(element, el.kids);
}

/**
 * Patches `parent`'s children to show `kids`: what stays (by key) is updated in place and keeps
 * its node (and the focus in it), the rest is built or removed, and only what changed places moves.
 */
export function patch(parent: Node, kids: readonly Child[]): void {
  const old = new Map<string, Placed>();
  for (const entry of placed(parent)) old.set(entry.key, entry);
  const seen = new Map<string, number>();
  const after = kids.map((kid) => {
    const key = keyOf(kid, seen);
    const entry = old.get(key);
    const region = entry && regions.has(entry.first);
    // Kept under its key while the same kind: a live value stays a Lit value, or the same node.
    // (An element's key names its tag, or it is keyed and keeps its tag; a text's says it is one.)
    if (!entry || (kid instanceof Live && (isLit(kid) ? !region : entry.first !== kid.value))) return make(parent, kid, key);
    old.delete(key);
    if (typeof kid === 'string') {
      if ((entry.first as Text).data !== kid) (entry.first as Text).data = kid;
    } else if (region) render((kid as Live).value, parent as HTMLElement, { renderBefore: entry.last as ChildNode });
    else if (!(kid instanceof Live) && !(kid as El).keep) refresh(entry.first as Element, kid as El);
    return entry;
  });
  for (const entry of old.values()) {
    if (regions.has(entry.first)) render(nothing, parent as HTMLElement, { renderBefore: entry.last as ChildNode });
    move(parent, entry);
  }
  let cursor = parent.firstChild;
  for (const entry of after) {
    if (entry.first === cursor) cursor = entry.last.nextSibling;
    else move(parent, entry, cursor);
  }
}

/**
 * Moves a child's nodes (a Lit value's: from its start marker to its anchor) before `cursor`, or
 * without one, removes them — those still in `parent`: a live node may have moved on already
 * (the one reply form, now under another comment).
 */
function move(parent: Node, entry: Placed, cursor?: Node | null): void {
  for (let node: Node | null = entry.first; node; ) {
    const next: Node | null = node === entry.last ? null : node.nextSibling;
    if (cursor !== undefined) parent.insertBefore(node, cursor);
    else if (node.parentNode === parent) parent.removeChild(node);
    node = next;
  }
}
