// What the build's library trims (the rollup plugins in this folder that cut marked's and
// DOMPurify's unreachable code) share to read a module's syntax tree.

/**
 * Calls `visit(node, parent, key, params)` for every node under `node`; `params`: the names the
 * enclosing functions' parameters declare (for telling a shadowing parameter from the variable).
 */
export function walk(node, visit, parent, key, params = new Set()) {
  if (Array.isArray(node)) return node.forEach((child) => walk(child, visit, parent, key, params));
  if (!node || typeof node.type !== 'string') return;
  visit(node, parent, key, params);
  if (/Function/.test(node.type)) params = new Set([...params, ...node.params.filter((param) => param.type === 'Identifier').map((param) => param.name)]);
  for (const [childKey, child] of Object.entries(node)) if (child && typeof child === 'object') walk(child, visit, node, childKey, params);
}

/** Is this identifier (`key` of `parent`) a variable, not a property name? */
export const isVariable = (parent, key) =>
  parent?.computed ||
  !((parent?.type === 'MemberExpression' && key === 'property') ||
    (['Property', 'MethodDefinition', 'PropertyDefinition'].includes(parent?.type) && key === 'key' && !parent.shorthand));
