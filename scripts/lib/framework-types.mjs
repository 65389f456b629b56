// Framework typings (React, Vue, Svelte) generated from custom-elements.json by
// custom-element-jsx-integration (break-stuff's cem-tools) into
// dist/frameworks/elements.d.ts during `npm run build`: per element, its
// attributes (dashed), its properties and its events as `on<event>` handlers.
// The hand-written src/frameworks/{react,vue,svelte}.d.ts put that one generated
// file into React's, Vue's and Svelte's shapes, without listing any member.
// (The same authors' Vue and Svelte generators were tried: the Vue one types
// dashed props and `on<event>` props that Vue templates never check against,
// the Svelte one only Svelte 4's `on:` directives in a namespace a module
// cannot reach.)
//
// The manifest is read as the analyzer wrote it, with two adjustments the
// generators cannot make themselves:
//   - an attribute whose name is also a property's (`provider`: the attribute
//     names a registered factory, the property takes a provider object) is
//     left to the property, since every framework sets the property when the
//     element has one; its field is typed under its own name (`providerName`);
//   - events: the analyzer also lists `dispatchEvent(new XEvent())` calls with
//     no name, which are dropped; a named event's detail type is the package's
//     own event map's (`GlobalEventHandlersEventMap['thread-loaded']['detail']`).
import { generateJsxTypes } from 'custom-element-jsx-integration';

/** The manifest as the generators should see it (see above); the input is not changed. */
export function prepareManifest(manifest) {
  const copy = structuredClone(manifest);
  for (const module of copy.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName) continue;
      const properties = new Set(
        (declaration.members ?? [])
          .filter((member) => member.kind === 'field' && !member.attribute && !member.static && (member.privacy ?? 'public') === 'public')
          .map((member) => member.name),
      );
      const shadowed = (declaration.attributes ?? []).filter((attribute) => properties.has(attribute.name));
      declaration.attributes = (declaration.attributes ?? []).filter((attribute) => !properties.has(attribute.name));
      for (const attribute of shadowed) {
        const field = declaration.members?.find((member) => member.kind === 'field' && member.name === attribute.fieldName);
        if (field) delete field.attribute;
      }
      declaration.events = (declaration.events ?? [])
        .filter((event) => event.name)
        .map((event) => ({ ...event, type: { text: `GlobalEventHandlersEventMap[${JSON.stringify(event.name)}]["detail"]` } }));
    }
  }
  return copy;
}

/** Writes elements.d.ts into `outdir` from `manifest`. */
export function generateFrameworkTypes(manifest, outdir) {
  const prepared = prepareManifest(manifest);
  // The element classes' declarations sit beside dist/frameworks/: dist/<tag>/<tag>.d.ts.
  const componentTypePath = (_name, tag) => `../${tag}/${tag}.js`;
  generateJsxTypes(prepared, { outdir, fileName: 'elements.d.ts', componentTypePath, hideLogs: true });
}
