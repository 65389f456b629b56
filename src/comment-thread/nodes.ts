import { nothing, render } from 'lit';

/*
 * The comments' own DOM, without a Lit part per comment. A comment is described by plain objects
 * (`h('li', { part: 'item' }, …)`), then built, patched in place against the previous description,
 * adopted from a server's markup, or written as HTML on a server. Lit renders each comment in a
 * template with some thirty parts, each leaving a marker comment node: per comment that was more
 * nodes than the comment's own (a 1,000-comment thread held 22,000 markers), and more objects on
 * the heap. Patching keeps every element that stays (and the focus in it), as Lit does; what the
 * thread renders rarely and per one comment — the forms, the dialogs, a moderator's actions — is
 * still Lit's, placed with {@link live}.
 */

/** An element: its tag, attributes (`'@type'`: a listener), and children. */
export interface El {
  readonly tag: string;
  readonly attrs: Attrs;
  readonly kids: Child[];
  /** Keeps an element with its DOM among its siblings, whatever moves (`li` of a comment). */
  key?: string;
}

/** Attribute values (`null`, `undefined` or `false`: absent) and `'@type'` listeners. */
export type Attrs = Record<string, string | number | null | undefined | false | ((event: Event) => void)>;

/** A node or a Lit value placed as it is, under a name that keeps it in place among its siblings. */
export class Live {
  constructor(
    readonly value: unknown,
    readonly name: string,
  ) {}
}

/** Markup that is already safe (a body the sanitiser returned): written as it is, on a server only. */
export class Raw {
  constructor(readonly html: string) {}
}

export type Child = El | string | Live | Raw;
/** What an element's children may be given as. */
export type Kids = Child | null | undefined | false | typeof nothing | readonly Kids[];

/** An element's description. Children: texts (adjacent ones joined), elements, {@link live} values; falsy ones are left out. */
export function h(tag: string, attrs: Attrs, ...kids: Kids[]): El {
  const out: Child[] = [];
  add(out, kids);
  return { tag, attrs, kids: out };
}

function add(out: Child[], kids: readonly Kids[]): void {
  for (const kid of kids) {
    if (kid === null || kid === undefined || kid === false || kid === nothing || kid === '') continue;
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
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (text: string) => text.replace(/[&<>"]/g, (c) => escapes[c]);

/** The HTML of `child` (a server's render; {@link Live} values render nothing there). */
export function toHTML(child: Child): string {
  if (typeof child === 'string') return escape(child);
  if (child instanceof Raw) return child.html;
  if (child instanceof Live) return '';
  let out = `<${child.tag}`;
  for (const [name, value] of Object.entries(child.attrs)) {
    if (name[0] !== '@' && value !== null && value !== undefined && value !== false) out += ` ${name}="${escape(String(value))}"`;
  }
  out += '>';
  if (VOID.has(child.tag)) return out;
  for (const kid of child.kids) out += toHTML(kid);
  return `${out}</${child.tag}>`;
}

// ---- Browser: build, patch, adopt ----

/** What a child became: its description, its node (a Lit value: its anchor) and first node, and its children's. */
export interface Done {
  /** Updated in place as the child is patched. */
  child: Child;
  readonly node: Node;
  readonly first: Node;
  readonly key: string;
  kids?: Done[];
}

/** The description each element shows now: its listeners are read from it. */
const shown = new WeakMap<EventTarget, El>();

function dispatch(this: Element, event: Event): void {
  (shown.get(this)?.attrs[`@${event.type}`] as ((event: Event) => void) | undefined)?.(event);
}

/**
 * Sets `element`'s attributes and listeners to `attrs` (`before`: what they were). `server`: a
 * server wrote them from the same description; only the listeners are added (as Lit's hydration).
 */
function setAttrs(element: Element, attrs: Attrs, before?: Attrs, server?: boolean): void {
  for (const name in attrs) {
    const value = attrs[name];
    if (name[0] === '@') {
      if (!before?.[name]) element.addEventListener(name.slice(1), dispatch);
    } else if (server || before?.[name] === value) {
      // As it was.
    } else if (value === null || value === undefined || value === false) element.removeAttribute(name);
    else element.setAttribute(name, String(value));
  }
  if (before) for (const name in before) if (!(name in attrs) && name[0] !== '@') element.removeAttribute(name);
}

const isLit = (child: Child): boolean => child instanceof Live && !(child.value instanceof Node);

/** Where `child` stays among its siblings: its key, or its kind, tag and part, counted. */
function keyOf(child: Child, seen: Map<string, number>): string {
  if (child instanceof Live) return `@${child.name}`;
  if ((child as El).key !== undefined) return `=${(child as El).key}`;
  const key = typeof child === 'string' ? '#' : `${(child as El).tag}|${(child as El).attrs.part ?? (child as El).attrs.class ?? ''}`;
  const count = seen.get(key) ?? 0;
  seen.set(key, count + 1);
  return count ? `${key}#${count}` : key;
}

/** The server's markup is not what the description says (see {@link take}). */
export class Mismatch extends Error {}

/**
 * Builds `child` in `parent` — or, given `server`, takes over the node a server wrote from the
 * same description (`null`: it wrote none). A Lit value is rendered anew, at the end of `parent`.
 * ({@link Raw} markup is a server's only: the browser's bodies are elements, given {@link live}.)
 */
function make(parent: Node, child: Child, key: string, server?: Node | null): Done {
  if (server === null) throw new Mismatch();
  if (isLit(child)) {
    const anchor = parent.appendChild(document.createComment(''));
    const part = render((child as Live).value, parent as HTMLElement, { renderBefore: anchor });
    return { child, node: anchor, first: part.startNode ?? anchor, key };
  }
  if (typeof child !== 'string' && !(child instanceof Live)) {
    return take(server ?? document.createElement((child as El).tag), child as El, key, server !== undefined);
  }
  const node = child instanceof Live ? (child.value as Node) : (server ?? document.createTextNode(child));
  if (server && (child instanceof Live ? server !== node : server.nodeType !== 3)) throw new Mismatch();
  if (typeof child === 'string' && (node as Text).data !== child) (node as Text).data = child;
  return { child, node, first: node, key };
}

/** Builds the element `el` describes. */
export const build = (el: El): Done => take(document.createElement(el.tag), el, '', false);

/**
 * Takes over `element`, as a server wrote it from `el`: each element and text is kept (attributes
 * and text brought up to date), listeners are added, Lit values rendered anew. Throws
 * {@link Mismatch} where the markup is not what `el` describes. (`server` false: `element` is new.)
 */
export function take(element: Node, el: El, key = '', server = true): Done {
  if ((element as Element).localName !== el.tag) throw new Mismatch();
  setAttrs(element as Element, el.attrs, undefined, server);
  shown.set(element, el);
  let cursor = server ? element.firstChild : null;
  const seen = new Map<string, number>();
  const kids = el.kids.map((kid) => {
    const done = make(element, kid, keyOf(kid, seen), server && !isLit(kid) ? cursor : undefined);
    if (server && done.first === cursor) cursor = done.node.nextSibling;
    else move(element, done, cursor);
    return done;
  });
  if (cursor) throw new Mismatch();
  return { child: el, node: element, first: element, key, kids };
}

/**
 * Is the child kept under `before`'s key still the same kind of child as `after`? Keys tell
 * elements (by tag: a keyed element keeps its tag), texts and live values apart; a live value
 * stays a Lit value, or the same node.
 */
const same = (before: Child, after: Child): boolean =>
  !(before instanceof Live) || (isLit(before) ? isLit(after) : before.value === (after as Live).value);

function update(parent: Node, done: Done, child: Child): Done {
  const node = done.node;
  if (done.child === child) return done;
  if (typeof child === 'string') {
    if ((node as Text).data !== child) (node as Text).data = child;
  } else if (isLit(child)) {
    render((child as Live).value, parent as HTMLElement, { renderBefore: node as ChildNode });
  } else if (!(child instanceof Live)) {
    setAttrs(node as Element, (child as El).attrs, (done.child as El).attrs);
    shown.set(node, child as El);
    done.kids = patch(node, done.kids!, (child as El).kids);
  }
  done.child = child;
  return done;
}

/** Brings a built element (`done`) up to what `el` describes. */
export const rebuild = (done: Done, el: El): Done => update(done.node, done, el);

/**
 * Patches `parent`'s children (`before`: what they became last time) to show `kids`: what stays
 * is updated in place and keeps its node (and the focus in it), the rest is built or removed,
 * and only what changed places moves.
 */
export function patch(parent: Node, before: readonly Done[], kids: readonly Child[]): Done[] {
  const old = new Map<string, Done>();
  for (const done of before) old.set(done.key, done);
  const seen = new Map<string, number>();
  const after = kids.map((kid) => {
    const key = keyOf(kid, seen);
    const done = old.get(key);
    if (!done || !same(done.child, kid)) return make(parent, kid, key);
    old.delete(key);
    return update(parent, done, kid);
  });
  for (const done of old.values()) {
    if (isLit(done.child)) render(nothing, parent as HTMLElement, { renderBefore: done.node as ChildNode });
    move(parent, done);
  }
  let cursor = parent.firstChild;
  for (const done of after) {
    if (done.first === cursor) cursor = done.node.nextSibling;
    else move(parent, done, cursor);
  }
  return after;
}

/**
 * Moves a child's nodes (a Lit value's: from its start marker to its anchor) before `cursor`, or
 * without one, removes them — those still in `parent`: a live node may have moved on already
 * (the one reply form, now under another comment).
 */
function move(parent: Node, done: Done, cursor?: Node | null): void {
  for (let node: Node | null = done.first; node; ) {
    const next: Node | null = node === done.node ? null : node.nextSibling;
    if (cursor !== undefined) parent.insertBefore(node, cursor);
    else if (node.parentNode === parent) parent.removeChild(node);
    node = next;
  }
}
