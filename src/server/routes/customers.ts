import type { Hono } from 'hono';
import { z } from 'zod';
import { eraseCustomer } from '../../removal/erase-customer.js';
import type { RouteDoc } from '../openapi.js';
import { defineRoute, type Deps } from '../route.js';
import { countChangedDoc } from './items.js';

const eraseBody = z
  .object({
    customer_id: z
      .union([z.string().min(1).max(200), z.number().int()])
      .describe(
        "the customer's id as the source sent it (customer_id of the items; a number as written out), or their pseudonym (c_…) as items show it / 원본 시스템의 고객 ID 또는 가명(c_…)",
      ),
    dry_run: z.boolean().optional().describe('true: only count the customer’s items (the preview); nothing is deleted or audited'),
    expected_count: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('the number the preview showed (required unless dry_run): when another number of the customer’s items is found now, nothing is deleted (409 count_changed)'),
  })
  .strict()
  // An erasure is done on the number the admin was shown, as every deletion is: never blind.
  .refine((b) => b.dry_run || b.expected_count !== undefined, {
    message: 'give expected_count: the number of items the dry run found / 미리 확인(dry_run)한 건수(expected_count)를 주세요',
    path: ['expected_count'],
  });

const erasureSchema = z.object({
  customer_ref: z.string().describe("the customer's pseudonym in this workspace (the raw id is not stored, nor audited)"),
  dry_run: z.boolean(),
  matched: z.number().int().describe('the customer’s items found: deleted, or to delete on a dry run'),
  deleted: z.number().int(),
  corrected: z.number().int().describe('of those, items with an operator label correction'),
  rejects_deleted: z.number().int().describe('rejected import rows naming the customer, deleted (0 on a dry run)'),
});

/** Customers: erasing one customer's data (개인정보 삭제 요청). */
export function customerRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/customers/erase',
      operationId: 'eraseCustomer',
      tag: 'items',
      summary:
        "Erase one customer's data (admin; 고객 데이터 삭제, a PIPA deletion request): every item of the customer in the workspace, found by the pseudonym of the id the source sent, " +
        'with their label corrections, daily counts and kept conversation updates, and the rejected import rows naming them — one transaction. dry_run: true only counts. Audited (customers.erase) with the pseudonym and counts, never the raw id',
      access: 'admin',
      body: eraseBody,
      responses: {
        '200': { description: 'erased (or counted, on a dry run)', schema: erasureSchema },
        '409': countChangedDoc,
      },
    },
    async ({ body, actor, workspace, deps: { db } }) =>
      eraseCustomer(db, workspace, String(body.customer_id), { dryRun: body.dry_run, expectedCount: body.expected_count, actor: actor.label }),
  );
}
