import { z } from 'zod';

/** Strip the wrappers zod puts around a schema (defaults, optionals, refinements). */
export function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodDefault) node = node._def.innerType;
    else if (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node._def.innerType;
    else if (node instanceof z.ZodEffects) node = node._def.schema;
    else return node;
  }
}

/** The keys an object schema allows at `path` (list indices step into arrays), or [] when it is not an object. */
export function schemaKeysAt(schema: z.ZodTypeAny, path: readonly (string | number)[]): string[] {
  let node = unwrap(schema);
  for (const part of path) {
    if (node instanceof z.ZodArray) node = unwrap(node._def.type);
    else if (node instanceof z.ZodObject && typeof part === 'string') {
      const child = (node.shape as Record<string, z.ZodTypeAny>)[part];
      if (!child) return [];
      node = unwrap(child);
    } else if (node instanceof z.ZodRecord) node = unwrap(node._def.valueType);
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape as object) : [];
}
