import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method } from './define';
import { hasProduct, productRef } from './catalog';

/** The rundown: the ordered products and segments of a session, and which one is current. */

export const rundownItem = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  position: z.number().int(),
  kind: z.enum(['product', 'segment']),
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  title: z.string(),
  /** A prompter script id (scripts belong to the prompter feature). */
  scriptId: z.string().nullable(),
  notes: z.string(),
  durationS: z.number().int().nullable(),
  current: z.boolean(),
});
export type RundownItem = z.infer<typeof rundownItem>;

export const rundown = z.object({
  sessionId: z.string().nullable(),
  items: z.array(rundownItem),
  currentId: z.string().nullable(),
  /** The next product item after the current one (segments are skipped). */
  nextProductId: z.string().nullable(),
});
export type Rundown = z.infer<typeof rundown>;

const sessionRef = { sessionId: z.string().max(100).nullable().default(null) };

export const rundownMethods = {
  'rundown.get': method({
    summary: 'The run of show of a session (or the unsaved one when sessionId is null).',
    input: z.object(sessionRef).strict().default({ sessionId: null }),
    output: rundown,
    mutates: false,
  }),
  'rundown.addItem': method({
    summary: 'Add a product or a segment to a rundown (at the end, or at a position).',
    input: z
      .object({
        ...sessionRef,
        kind: z.enum(['product', 'segment']),
        ...productRef,
        title: z.string().max(200).default(''),
        scriptId: z.string().max(100).optional(),
        notes: z.string().max(4000).default(''),
        durationS: z.number().int().min(0).max(24 * 3600).optional(),
        position: z.number().int().min(0).optional(),
      })
      .strict()
      .refine((v) => v.kind === 'segment' || hasProduct(v), rule('product_item'))
      .refine((v) => v.kind === 'product' || v.title.trim() !== '', rule('segment_title')),
    output: rundown,
    mutates: true,
  }),
  'rundown.updateItem': method({
    summary: 'Change an item: title, script, notes, duration.',
    input: z
      .object({
        itemId: z.string(),
        title: z.string().max(200).optional(),
        scriptId: z.string().max(100).nullable().optional(),
        notes: z.string().max(4000).optional(),
        durationS: z.number().int().min(0).max(24 * 3600).nullable().optional(),
      })
      .strict(),
    output: rundown,
    mutates: true,
  }),
  'rundown.removeItem': method({
    summary: 'Remove an item from its rundown.',
    input: z.object({ itemId: z.string() }).strict(),
    output: rundown,
    mutates: true,
  }),
  'rundown.move': method({
    summary: 'Move an item to a new position (0 = first) in its rundown.',
    input: z.object({ itemId: z.string(), toIndex: z.number().int().min(0) }).strict(),
    output: rundown,
    mutates: true,
  }),
  'rundown.setCurrent': method({
    summary: 'Mark the item on air now (null clears it).',
    input: z.object({ ...sessionRef, itemId: z.string().nullable() }).strict(),
    output: rundown,
    mutates: true,
  }),
};

export const rundownEvents = {
  'rundown.changed': event({
    summary: 'A rundown changed (items, order or the current item).',
    payload: z.object({ sessionId: z.string().nullable(), currentId: z.string().nullable(), productId: z.string().optional() }),
    logged: false,
  }),
};
