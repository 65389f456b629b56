/**
 * Name mapping the framework typings share: frameworks set a property when the
 * element has one, so an attribute's camelCase name is accepted beside the
 * dashed one (`thread-id` and `threadId`).
 */

/** `thread-id` → `threadId`. */
export type CamelCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : Name;

/** The generated props, plus each dashed attribute under its camelCase property name. */
export type WithPropertyNames<Props> = Props & {
  [Key in keyof Props as Key extends `on${string}` ? never : Key extends `${string}-${string}` ? CamelCase<Key> : never]?: Props[Key];
};
