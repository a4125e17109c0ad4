import {
  GraphQLError,
  Kind,
  buildSchema,
  execute,
  getNamedType,
  getOperationAST,
  isLeafType,
  isObjectType,
  parse,
  validate,
} from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLNamedType, GraphQLSchema, SelectionSetNode, ValueNode ,
  GraphQLScalarType} from 'graphql';
import { FakePlatform } from './fake-platform';
import type { FakeRequest, FakeResponse } from './fake-platform';

/**
 * A fake Shopify shop's Admin GraphQL API, checking what Shopify checks:
 * - the path `/admin/api/{version}/graphql.json` (an unknown version is served by the oldest supported
 *   one, as Shopify does, and the `X-Shopify-API-Version` header says which);
 * - the `X-Shopify-Access-Token` header (unknown or revoked -> 401 with Shopify's own body), and the
 *   token's access scopes per field (missing -> `ACCESS_DENIED`);
 * - a POSTed JSON `{query, variables, operationName?}`; the document is parsed and validated against a
 *   schema of the Admin API's fields the studio uses (an unknown field, argument or input field is a
 *   GraphQL error, as on Shopify), and variables are coerced against their input types;
 * - the calculated query cost against a leaky bucket (`THROTTLED` at 200, or at 429 when asked);
 * - discount validation as `userErrors` at HTTP 200 (code taken, dates, limits, unknown products).
 * Shops, products, variants, discounts and tokens live in memory; tests read them directly.
 *
 * Shapes not sourced exactly (messages of some userErrors, deactivating an expired code) follow Shopify's
 * conventions and are marked where they are guessed.
 */

export const shopifyFakeVersions = ['2026-01', '2026-04', '2026-07', '2026-10'] as const;
export const invalidTokenBody = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
export const allStudioScopes = ['write_discounts', 'read_products', 'read_orders'];

export interface FakeVariant {
  id: string;
  productId: string;
  sku: string | null;
  title: string;
  price: string;
}
export interface FakeProduct {
  id: string;
  title: string;
  variantIds: string[];
}
export interface FakeDiscount {
  id: string;
  title: string;
  code: string;
  startsAt: number;
  endsAt: number | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  value: { kind: 'amount'; amount: string; appliesOnEachItem: boolean } | { kind: 'percentage'; percentage: number };
  items: { all: true } | { all: false; productIds: string[]; variantIds: string[] };
  buyers: 'all' | 'selected';
  createdAt: number;
  deactivatedAt: number | null;
}
/** One GraphQL operation the fake ran (or refused after parsing it). */
export interface FakeOperation {
  name: string | null;
  type: 'query' | 'mutation';
  rootFields: string[];
  variables: Record<string, unknown>;
  outcome: 'ok' | 'throttled' | 'error';
  /** Calculated cost asked of the bucket. */
  cost: number;
  at: number;
}

/** An order in the fake shop. Buyer fields exist (as on Shopify) so a test can prove they are never asked for. */
export interface FakeOrder {
  id: string;
  /** The REST id (the webhook body's `id`). */
  legacyId: number;
  name: string;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  financialStatus: 'AUTHORIZED' | 'EXPIRED' | 'PAID' | 'PARTIALLY_PAID' | 'PARTIALLY_REFUNDED' | 'PENDING' | 'REFUNDED' | 'VOIDED';
  currency: string;
  lines: { id: string; legacyId: number; variantId: string; productId: string; sku: string | null; title: string; quantity: number; refunded: number; price: string }[];
  email: string;
  customerName: string;
}

export interface ShopifyFakeOptions {
  shopName?: string;
  /** `demo-shop.myshopify.com`. */
  shopDomain?: string;
  currency?: string;
  /** Leaky bucket: Shopify's standard plan is 2000 points, restored at 100 per second. */
  maximumAvailable?: number;
  restoreRate?: number;
  /** HTTP status of a THROTTLED answer (Shopify documents 200; 429 is seen too). */
  throttleStatus?: 200 | 429;
  /** The fake's clock (discount status, bucket refill); real time unless a test drives it. */
  now?: () => number;
}

const maxSingleQueryCost = 1000;
const mutationCost = 10;

const schemaSource = /* GraphQL */ `
  scalar DateTime
  scalar Decimal
  scalar Money
  scalar UnsignedInt64

  type Query {
    shop: Shop!
    currentAppInstallation: AppInstallation!
    productVariants(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean): ProductVariantConnection!
    codeDiscountNodeByCode(code: String!): DiscountCodeNode
    codeDiscountNode(id: ID!): DiscountCodeNode
    orders(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean, sortKey: OrderSortKeys): OrderConnection!
  }

  type Mutation {
    discountCodeBasicCreate(basicCodeDiscount: DiscountCodeBasicInput!): DiscountCodeBasicCreatePayload
    discountCodeDeactivate(id: ID!): DiscountCodeDeactivatePayload
  }

  enum CurrencyCode { USD EUR GBP JPY CNY HKD TWD SGD MYR THB IDR PHP VND KRW AUD CAD MXN BRL }
  type Shop { id: ID! name: String! myshopifyDomain: String! currencyCode: CurrencyCode! }
  type AppInstallation { id: ID! accessScopes: [AccessScope!]! }
  type AccessScope { handle: String! description: String! }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type Product { id: ID! title: String! }
  type ProductVariant { id: ID! sku: String title: String! displayName: String! price: Money! product: Product! }
  type ProductVariantEdge { cursor: String! node: ProductVariant! }
  type ProductVariantConnection { nodes: [ProductVariant!]! edges: [ProductVariantEdge!]! pageInfo: PageInfo! }

  enum OrderSortKeys { CREATED_AT CUSTOMER_NAME FINANCIAL_STATUS FULFILLMENT_STATUS ID NUMBER PROCESSED_AT TOTAL_PRICE UPDATED_AT }
  enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
  type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
  type Customer { id: ID! displayName: String! email: String phone: String }
  type MailingAddress { name: String address1: String city: String zip: String phone: String }
  type LineItem {
    id: ID!
    name: String!
    sku: String
    quantity: Int!
    currentQuantity: Int!
    refundableQuantity: Int!
    variant: ProductVariant
    product: Product
    originalUnitPriceSet: MoneyBag!
    discountedUnitPriceSet: MoneyBag!
    discountedUnitPriceAfterAllDiscountsSet: MoneyBag!
  }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { nodes: [LineItem!]! edges: [LineItemEdge!]! pageInfo: PageInfo! }
  type Order {
    id: ID!
    name: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    processedAt: DateTime!
    cancelledAt: DateTime
    displayFinancialStatus: OrderDisplayFinancialStatus
    currencyCode: CurrencyCode!
    currentTotalPriceSet: MoneyBag!
    totalPriceSet: MoneyBag!
    email: String
    phone: String
    customer: Customer
    shippingAddress: MailingAddress
    lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean): LineItemConnection!
  }
  type OrderEdge { cursor: String! node: Order! }
  type OrderConnection { nodes: [Order!]! edges: [OrderEdge!]! pageInfo: PageInfo! }

  enum DiscountStatus { ACTIVE EXPIRED SCHEDULED }
  type DiscountRedeemCode { id: ID! code: String! asyncUsageCount: Int! }
  type DiscountRedeemCodeConnection { nodes: [DiscountRedeemCode!]! pageInfo: PageInfo! }
  type DiscountCodeBasic {
    title: String!
    status: DiscountStatus!
    startsAt: DateTime!
    endsAt: DateTime
    usageLimit: Int
    appliesOncePerCustomer: Boolean!
    asyncUsageCount: Int!
    createdAt: DateTime!
    codes(first: Int, after: String): DiscountRedeemCodeConnection!
  }
  type DiscountCodeFreeShipping { title: String! status: DiscountStatus! }
  union DiscountCode = DiscountCodeBasic | DiscountCodeFreeShipping
  type DiscountCodeNode { id: ID! codeDiscount: DiscountCode! }

  enum DiscountErrorCode { BLANK INVALID TAKEN TOO_LONG GREATER_THAN LESS_THAN CONFLICT EXCEEDED_MAX PRESENT }
  type DiscountUserError { code: DiscountErrorCode extraInfo: String field: [String!] message: String! }
  type DiscountCodeBasicCreatePayload { codeDiscountNode: DiscountCodeNode userErrors: [DiscountUserError!]! }
  type DiscountCodeDeactivatePayload { codeDiscountNode: DiscountCodeNode userErrors: [DiscountUserError!]! }

  enum DiscountBuyerSelection { ALL }
  input DiscountCustomersInput { add: [ID!] remove: [ID!] }
  input DiscountCustomerSegmentsInput { add: [ID!] remove: [ID!] }
  input DiscountContextInput { all: DiscountBuyerSelection customers: DiscountCustomersInput customerSegments: DiscountCustomerSegmentsInput }
  input DiscountCustomerSelectionInput { all: Boolean customers: DiscountCustomersInput customerSegments: DiscountCustomerSegmentsInput }
  input DiscountAmountInput { amount: Decimal appliesOnEachItem: Boolean }
  input DiscountEffectInput { percentage: Float amount: Decimal }
  input DiscountOnQuantityInput { quantity: String effect: DiscountEffectInput }
  input DiscountCustomerGetsValueInput { discountAmount: DiscountAmountInput percentage: Float discountOnQuantity: DiscountOnQuantityInput }
  input DiscountProductsInput { productsToAdd: [ID!] productsToRemove: [ID!] productVariantsToAdd: [ID!] productVariantsToRemove: [ID!] }
  input DiscountCollectionsInput { add: [ID!] remove: [ID!] }
  input DiscountItemsInput { all: Boolean products: DiscountProductsInput collections: DiscountCollectionsInput }
  input DiscountCustomerGetsInput { value: DiscountCustomerGetsValueInput items: DiscountItemsInput appliesOnOneTimePurchase: Boolean appliesOnSubscription: Boolean }
  input DiscountCombinesWithInput { orderDiscounts: Boolean productDiscounts: Boolean shippingDiscounts: Boolean }
  input DiscountMinimumQuantityInput { greaterThanOrEqualToQuantity: UnsignedInt64 }
  input DiscountMinimumSubtotalInput { greaterThanOrEqualToSubtotal: Decimal }
  input DiscountMinimumRequirementInput { quantity: DiscountMinimumQuantityInput subtotal: DiscountMinimumSubtotalInput }
  input DiscountCodeBasicInput {
    appliesOncePerCustomer: Boolean
    code: String
    combinesWith: DiscountCombinesWithInput
    context: DiscountContextInput
    customerGets: DiscountCustomerGetsInput
    customerSelection: DiscountCustomerSelectionInput
    endsAt: DateTime
    minimumRequirement: DiscountMinimumRequirementInput
    recurringCycleLimit: Int
    startsAt: DateTime
    tags: [String!]
    title: String
    usageLimit: Int
  }
`;

/** Which scope each root field needs (write_X grants read_X, as on Shopify). */
const fieldScopes: Record<string, string | null> = {
  shop: null,
  currentAppInstallation: null,
  productVariants: 'read_products',
  codeDiscountNodeByCode: 'read_discounts',
  codeDiscountNode: 'read_discounts',
  discountCodeBasicCreate: 'write_discounts',
  discountCodeDeactivate: 'write_discounts',
  orders: 'read_orders',
};

function buildAdminSchema(): GraphQLSchema {
  const schema = buildSchema(schemaSource);
  const decimalType = schema.getType('Decimal') as GraphQLScalarType;
  const parseDecimal = (value: unknown): string => {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
    throw new TypeError(`Decimal must be a number or a numeric string, got ${JSON.stringify(value)}`);
  };
  decimalType.parseValue = parseDecimal;
  decimalType.parseLiteral = (ast: ValueNode) => parseDecimal(ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT ? ast.value : null);
  const dateTime = schema.getType('DateTime') as GraphQLScalarType;
  const parseDateTime = (value: unknown): number => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
      throw new TypeError(`DateTime must be an ISO-8601 string, got ${JSON.stringify(value)}`);
    }
    return Date.parse(value);
  };
  dateTime.parseValue = parseDateTime;
  dateTime.parseLiteral = (ast: ValueNode) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null);
  dateTime.serialize = (value: unknown) => new Date(value as number).toISOString().replace('.000Z', 'Z');
  return schema;
}

const adminSchema = buildAdminSchema();

interface TokenState {
  scopes: Set<string>;
  revoked: boolean;
}

/** Each request's own state for the resolvers. */
interface CallContext {
  scopes: Set<string>;
}

export class ShopifyFake extends FakePlatform {
  readonly shopName: string;
  readonly shopDomain: string;
  readonly currency: string;
  readonly products: FakeProduct[] = [];
  readonly variants: FakeVariant[] = [];
  readonly discounts: FakeDiscount[] = [];
  /** Operations parsed, in order: what the adapter asked, with its variables. */
  readonly operations: FakeOperation[] = [];
  /** Versions the requests named (a version not supported is served by the oldest supported one). */
  readonly versionsAsked: string[] = [];
  throttleStatus: 200 | 429;
  readonly bucket: { maximumAvailable: number; restoreRate: number; currentlyAvailable: number; updatedAt: number };
  readonly orders: FakeOrder[] = [];
  /** Times a buyer field (customer, email, phone, address) of an order was resolved: the studio must keep it 0. */
  buyerFieldsRead = 0;
  private readonly tokens = new Map<string, TokenState>();
  private nextId = 1000;
  private nextOrderNumber = 1001;
  private readonly clock: () => number;

  constructor(options: ShopifyFakeOptions = {}) {
    // The base takes its handler before `this` exists: the handler reaches the fake once it does.
    const late: { fake?: ShopifyFake } = {};
    super('shopify', (req) => late.fake!.handle(req));
    late.fake = this;
    this.clock = options.now ?? Date.now;
    this.shopName = options.shopName ?? 'Demo Shop';
    this.shopDomain = options.shopDomain ?? 'demo-shop.myshopify.com';
    this.currency = options.currency ?? 'EUR';
    this.throttleStatus = options.throttleStatus ?? 200;
    const maximumAvailable = options.maximumAvailable ?? 2000;
    this.bucket = { maximumAvailable, restoreRate: options.restoreRate ?? 100, currentlyAvailable: maximumAvailable, updatedAt: this.clock() };
  }

  /** A token of a custom app installed on this shop, with these access scopes. */
  addToken(token: string, scopes: readonly string[] = allStudioScopes): void {
    this.tokens.set(token, { scopes: new Set(scopes), revoked: false });
  }

  /** The app was uninstalled or its token rotated: every call with it is now 401. */
  revokeToken(token: string): void {
    const state = this.tokens.get(token);
    if (state) state.revoked = true;
  }

  addProduct(product: { title: string; variants: { sku: string | null; title?: string; price: string }[] }): { productId: string; variantIds: string[] } {
    const productId = `gid://shopify/Product/${this.nextId++}`;
    const variantIds = product.variants.map((v) => {
      const id = `gid://shopify/ProductVariant/${this.nextId++}`;
      this.variants.push({ id, productId, sku: v.sku, title: v.title ?? 'Default Title', price: v.price });
      return id;
    });
    this.products.push({ id: productId, title: product.title, variantIds });
    return { productId, variantIds };
  }

  /** Empties the cost bucket to `points` (it refills at restoreRate from now). */
  drainBucket(points = 0): void {
    this.bucket.currentlyAvailable = points;
    this.bucket.updatedAt = this.clock();
  }

  discountByCode(code: string): FakeDiscount | undefined {
    return this.discounts.find((d) => d.code.toLowerCase() === code.toLowerCase());
  }

  status(discount: FakeDiscount): 'ACTIVE' | 'EXPIRED' | 'SCHEDULED' {
    const now = this.clock();
    if (discount.endsAt !== null && discount.endsAt <= now) return 'EXPIRED';
    return discount.startsAt > now ? 'SCHEDULED' : 'ACTIVE';
  }

  /** A buyer checks out: one line per variant (by SKU or variant GID), PAID unless said, at now (or `at`). */
  placeOrder(lines: { sku: string; quantity: number; price?: string }[], options: { financialStatus?: FakeOrder['financialStatus']; at?: number } = {}): FakeOrder {
    const at = options.at ?? this.clock();
    const legacyId = 5_900_000_000_000 + this.nextId++;
    const order: FakeOrder = {
      id: `gid://shopify/Order/${legacyId}`,
      legacyId,
      name: `#${this.nextOrderNumber++}`,
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      financialStatus: options.financialStatus ?? 'PAID',
      currency: this.currency,
      lines: lines.map((l) => {
        const variant = this.variants.find((v) => v.sku === l.sku || v.id === l.sku);
        if (!variant) throw new Error(`the fake shop has no variant ${l.sku}`);
        const product = this.products.find((p) => p.id === variant.productId)!;
        const lineLegacy = 14_000_000_000_000 + this.nextId++;
        return {
          id: `gid://shopify/LineItem/${lineLegacy}`,
          legacyId: lineLegacy,
          variantId: variant.id,
          productId: variant.productId,
          sku: variant.sku,
          title: product.title,
          quantity: l.quantity,
          refunded: 0,
          price: l.price ?? variant.price,
        };
      }),
      email: 'jana.novak@example.com',
      customerName: 'Jana Novak',
    };
    this.orders.push(order);
    return order;
  }

  /** The merchant cancels the order (and refunds it when it was paid); updatedAt moves on. */
  cancelOrder(id: string, at = this.clock()): FakeOrder {
    const order = this.order(id);
    order.cancelledAt = at;
    if (order.financialStatus === 'PAID' || order.financialStatus === 'PARTIALLY_REFUNDED') {
      order.financialStatus = 'REFUNDED';
      for (const l of order.lines) l.refunded = l.quantity;
    } else order.financialStatus = 'VOIDED';
    order.updatedAt = Math.max(at, order.updatedAt + 1);
    return order;
  }

  /** Refunds units of a line (by SKU): PARTIALLY_REFUNDED, or REFUNDED once every unit is. */
  refundOrder(id: string, sku: string, quantity: number, at = this.clock()): FakeOrder {
    const order = this.order(id);
    const line = order.lines.find((l) => l.sku === sku);
    if (!line) throw new Error(`order ${id} has no line ${sku}`);
    line.refunded = Math.min(line.quantity, line.refunded + quantity);
    order.financialStatus = order.lines.every((l) => l.refunded === l.quantity) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    order.updatedAt = Math.max(at, order.updatedAt + 1);
    return order;
  }

  order(id: string): FakeOrder {
    const order = this.orders.find((o) => o.id === id || String(o.legacyId) === id);
    if (!order) throw new Error(`no order ${id}`);
    return order;
  }

  /**
   * The order as an `orders/*` webhook body (Shopify's REST JSON shape, with the customer and addresses
   * the real one carries: the studio must ignore them).
   */
  webhookBody(id: string): Record<string, unknown> {
    const o = this.order(id);
    const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
    const live = o.lines.map((l) => ({ l, units: l.quantity - l.refunded }));
    const total = live.reduce((sum, { l, units }) => sum + Math.round(Number(l.price) * 100) * units, 0);
    return {
      id: o.legacyId,
      admin_graphql_api_id: o.id,
      name: o.name,
      email: o.email,
      created_at: iso(o.createdAt),
      updated_at: iso(o.updatedAt),
      cancelled_at: o.cancelledAt === null ? null : iso(o.cancelledAt),
      financial_status: o.financialStatus.toLowerCase(),
      currency: o.currency,
      current_total_price: (total / 100).toFixed(2),
      total_price: (o.lines.reduce((sum, l) => sum + Math.round(Number(l.price) * 100) * l.quantity, 0) / 100).toFixed(2),
      customer: { id: 7_000_000_000_001, email: o.email, first_name: 'Jana', last_name: 'Novak' },
      shipping_address: { name: o.customerName, address1: 'Hauptstr. 1', city: 'Berlin', zip: '10115', phone: '+49 170 1234567' },
      line_items: o.lines.map((l) => ({
        id: l.legacyId,
        admin_graphql_api_id: l.id,
        product_id: Number(l.productId.split('/').pop()),
        variant_id: Number(l.variantId.split('/').pop()),
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        current_quantity: l.quantity - l.refunded,
        price: l.price,
        total_discount: '0.00',
      })),
      refunds: o.lines.some((l) => l.refunded > 0) ? [{ id: 1, refund_line_items: o.lines.filter((l) => l.refunded > 0).map((l) => ({ line_item_id: l.legacyId, quantity: l.refunded })) }] : [],
    };
  }

  /** Operations that ran (not throttled, not refused) with this root field. */
  ran(rootField: string): FakeOperation[] {
    return this.operations.filter((o) => o.outcome === 'ok' && o.rootFields.includes(rootField));
  }

  private async handle(req: FakeRequest): Promise<FakeResponse> {
    const match = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(req.path);
    if (!match || !/^(\d{4}-\d{2}|unstable)$/.test(match[1]!)) return { status: 404, body: { errors: 'Not Found' } };
    const asked = match[1]!;
    this.versionsAsked.push(asked);
    const served = (shopifyFakeVersions as readonly string[]).includes(asked) ? asked : shopifyFakeVersions[0];
    const headers = { 'x-shopify-api-version': served };

    const tokenHeader = req.headers['x-shopify-access-token'];
    const token = this.tokens.get(typeof tokenHeader === 'string' ? tokenHeader : '');
    if (!token || token.revoked) return { status: 401, headers, body: invalidTokenBody };

    const missingQuery = { status: 400, headers, body: { errors: { query: 'Required parameter missing or invalid' } } };
    if (req.method !== 'POST') return missingQuery;
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return missingQuery;
    let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      payload = JSON.parse(req.body) as typeof payload;
    } catch {
      return missingQuery;
    }
    if (typeof payload.query !== 'string' || payload.query.trim() === '') return missingQuery;
    const variables = typeof payload.variables === 'object' && payload.variables !== null ? (payload.variables as Record<string, unknown>) : {};
    const operationName = typeof payload.operationName === 'string' ? payload.operationName : null;

    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      return { status: 200, headers, body: { errors: [graphqlErrorJson(error as GraphQLError, 'parseError')] } };
    }
    const invalid = validate(adminSchema, document);
    if (invalid.length > 0) return { status: 200, headers, body: { errors: invalid.map((e) => graphqlErrorJson(e, 'GRAPHQL_VALIDATION_FAILED')) } };
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') {
      return { status: 200, headers, body: { errors: [{ message: 'An operation name is required when several operations are sent', extensions: { code: 'BAD_REQUEST' } }] } };
    }
    const rootFields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
    const fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const rootType = operation.operation === 'mutation' ? adminSchema.getMutationType()! : adminSchema.getQueryType()!;
    const requested = selectionCost(operation.selectionSet, rootType, variables, fragments, operation.operation === 'mutation');
    const record: FakeOperation = { name: operation.name?.value ?? null, type: operation.operation, rootFields, variables, outcome: 'ok', cost: requested, at: this.clock() };
    this.operations.push(record);
    if (requested > maxSingleQueryCost) {
      record.outcome = 'error';
      return {
        status: 200,
        headers,
        body: {
          errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxSingleQueryCost}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: maxSingleQueryCost } }],
        },
      };
    }
    this.refill();
    if (requested > this.bucket.currentlyAvailable) {
      record.outcome = 'throttled';
      return {
        status: this.throttleStatus,
        headers,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: this.throttleStatusJson() } },
        },
      };
    }
    this.bucket.currentlyAvailable -= requested;

    const result = await execute({
      schema: adminSchema,
      document,
      operationName,
      variableValues: variables,
      rootValue: this.resolvers(),
      contextValue: { scopes: token.scopes } satisfies CallContext,
    });
    if (result.errors?.length && !result.data) record.outcome = 'error';
    const body: Record<string, unknown> = {};
    if (result.errors?.length) body.errors = result.errors.map((e) => graphqlErrorJson(e, 'BAD_REQUEST'));
    if (result.data) body.data = result.data;
    body.extensions = { cost: { requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: this.throttleStatusJson() } };
    return { status: 200, headers, body };
  }

  private refill(): void {
    const now = this.clock();
    const restored = ((now - this.bucket.updatedAt) / 1000) * this.bucket.restoreRate;
    this.bucket.currentlyAvailable = Math.min(this.bucket.maximumAvailable, this.bucket.currentlyAvailable + restored);
    this.bucket.updatedAt = now;
  }

  private throttleStatusJson() {
    return {
      maximumAvailable: this.bucket.maximumAvailable,
      currentlyAvailable: Math.floor(this.bucket.currentlyAvailable),
      restoreRate: this.bucket.restoreRate,
    };
  }

  /** Root fields: graphql-js calls a function property with (args, context). */
  private resolvers(): Record<string, (args: Record<string, unknown>, ctx: CallContext) => unknown> {
    const guarded =
      (field: string, resolve: (args: Record<string, unknown>) => unknown) =>
      (args: Record<string, unknown>, ctx: CallContext): unknown => {
        const scope = fieldScopes[field] ?? null;
        if (scope && !hasScope(ctx.scopes, scope)) {
          throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
            extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess: `\`${scope}\` access scope.` },
          });
        }
        return resolve(args);
      };
    return {
      shop: guarded('shop', () => ({ id: 'gid://shopify/Shop/1', name: this.shopName, myshopifyDomain: this.shopDomain, currencyCode: this.currency })),
      currentAppInstallation: (_args, ctx) => ({
        id: 'gid://shopify/AppInstallation/1',
        accessScopes: [...ctx.scopes].map((handle) => ({ handle, description: handle })),
      }),
      productVariants: guarded('productVariants', (args) => this.productVariants(args)),
      codeDiscountNodeByCode: guarded('codeDiscountNodeByCode', (args) => {
        const found = this.discountByCode(String(args.code));
        return found ? this.discountNode(found) : null;
      }),
      codeDiscountNode: guarded('codeDiscountNode', (args) => {
        const found = this.discounts.find((d) => d.id === args.id);
        return found ? this.discountNode(found) : null;
      }),
      discountCodeBasicCreate: guarded('discountCodeBasicCreate', (args) => this.createBasic(args.basicCodeDiscount as BasicInput)),
      discountCodeDeactivate: guarded('discountCodeDeactivate', (args) => this.deactivate(String(args.id))),
      orders: guarded('orders', (args) => this.ordersPage(args)),
    };
  }

  /**
   * orders(first, after, query, sortKey): the `updated_at`/`created_at` comparisons of Shopify's search
   * syntax (`updated_at:>='2026-12-02T04:00:00Z'`), sorted by the key (then id), opaque cursors that
   * encode the last node's sort value and id, as Shopify's do.
   */
  private ordersPage(args: Record<string, unknown>) {
    const conditions = parseTimeQuery(typeof args.query === 'string' ? args.query : '');
    const sortKey = typeof args.sortKey === 'string' ? args.sortKey : 'ID';
    const keyOf = (o: FakeOrder) => (sortKey === 'UPDATED_AT' ? o.updatedAt : sortKey === 'CREATED_AT' || sortKey === 'PROCESSED_AT' ? o.createdAt : o.legacyId);
    const sorted = this.orders
      .filter((o) => conditions.every((c) => c.test(c.field === 'updated_at' ? o.updatedAt : o.createdAt)))
      .sort((a, b) => keyOf(a) - keyOf(b) || a.legacyId - b.legacyId);
    if (args.reverse === true) sorted.reverse();
    let start = 0;
    if (typeof args.after === 'string') {
      const after = decodeCursor(args.after);
      if (!after) throw new GraphQLError('Invalid cursor for current pagination sort.', { extensions: { code: 'BAD_REQUEST' } });
      const sign = args.reverse === true ? -1 : 1;
      start = sorted.findIndex((o) => sign * (keyOf(o) - after.key || o.legacyId - after.id) > 0);
      if (start < 0) start = sorted.length;
    }
    const first = typeof args.first === 'number' ? args.first : 50;
    if (first > 250) throw new GraphQLError('The page size is too large: first must be at most 250.', { extensions: { code: 'BAD_REQUEST' } });
    const page = sorted.slice(start, start + first);
    const cursor = (o: FakeOrder) => Buffer.from(JSON.stringify({ key: keyOf(o), id: o.legacyId })).toString('base64');
    return {
      nodes: page.map((o) => this.orderNode(o)),
      edges: page.map((o) => ({ cursor: cursor(o), node: this.orderNode(o) })),
      pageInfo: {
        hasNextPage: start + page.length < sorted.length,
        hasPreviousPage: start > 0,
        startCursor: page.length ? cursor(page[0]!) : null,
        endCursor: page.length ? cursor(page.at(-1)!) : null,
      },
    };
  }

  private orderNode(o: FakeOrder) {
    const money = (amount: string) => ({ shopMoney: { amount, currencyCode: o.currency }, presentmentMoney: { amount, currencyCode: o.currency } });
    const cents = (units: (l: FakeOrder['lines'][number]) => number) => (o.lines.reduce((sum, l) => sum + Math.round(Number(l.price) * 100) * units(l), 0) / 100).toFixed(2);
    const buyer = <T>(value: T) => () => {
      this.buyerFieldsRead += 1;
      return value;
    };
    const lines = o.lines.map((l) => ({
      id: l.id,
      name: l.title,
      sku: l.sku,
      quantity: l.quantity,
      currentQuantity: l.quantity - l.refunded,
      refundableQuantity: l.quantity - l.refunded,
      variant: () => {
        const v = this.variants.find((x) => x.id === l.variantId);
        const p = this.products.find((x) => x.id === l.productId);
        return v && p ? { ...v, displayName: `${p.title} - ${v.title}`, product: { id: p.id, title: p.title } } : null;
      },
      product: () => {
        const p = this.products.find((x) => x.id === l.productId);
        return p ? { id: p.id, title: p.title } : null;
      },
      originalUnitPriceSet: money(l.price),
      discountedUnitPriceSet: money(l.price),
      discountedUnitPriceAfterAllDiscountsSet: money(l.price),
    }));
    return {
      id: o.id,
      name: o.name,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      processedAt: o.createdAt,
      cancelledAt: o.cancelledAt,
      displayFinancialStatus: o.financialStatus,
      currencyCode: o.currency,
      currentTotalPriceSet: money(cents((l) => l.quantity - l.refunded)),
      totalPriceSet: money(cents((l) => l.quantity)),
      email: buyer(o.email),
      phone: buyer('+49 170 1234567'),
      customer: buyer({ id: 'gid://shopify/Customer/1', displayName: o.customerName, email: o.email, phone: null }),
      shippingAddress: buyer({ name: o.customerName, address1: 'Hauptstr. 1', city: 'Berlin', zip: '10115', phone: null }),
      lineItems: (args: Record<string, unknown>) => {
        const first = typeof args.first === 'number' ? args.first : 50;
        const page = lines.slice(0, first);
        return {
          nodes: page,
          edges: page.map((l, i) => ({ cursor: `line:${i + 1}`, node: l })),
          pageInfo: { hasNextPage: lines.length > first, hasPreviousPage: false, startCursor: page.length ? 'line:1' : null, endCursor: page.length ? `line:${page.length}` : null },
        };
      },
    };
  }

  private productVariants(args: Record<string, unknown>) {
    const terms = parseSkuQuery(typeof args.query === 'string' ? args.query : '');
    const all = this.variants.filter((v) => terms === null || (v.sku !== null && terms.some((t) => skuMatches(v.sku!, t))));
    const start = typeof args.after === 'string' ? Number(args.after.replace('cursor:', '')) : 0;
    const first = typeof args.first === 'number' ? args.first : 50;
    const page = all.slice(start, start + first);
    const node = (v: FakeVariant) => {
      const product = this.products.find((p) => p.id === v.productId)!;
      return { ...v, displayName: `${product.title} - ${v.title}`, product: { id: product.id, title: product.title } };
    };
    const end = start + page.length;
    return {
      nodes: page.map(node),
      edges: page.map((v, i) => ({ cursor: `cursor:${start + i + 1}`, node: node(v) })),
      pageInfo: { hasNextPage: end < all.length, hasPreviousPage: start > 0, startCursor: page.length ? `cursor:${start + 1}` : null, endCursor: page.length ? `cursor:${end}` : null },
    };
  }

  private discountNode(d: FakeDiscount) {
    return {
      id: d.id,
      codeDiscount: {
        __typename: 'DiscountCodeBasic',
        title: d.title,
        status: this.status(d),
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        usageLimit: d.usageLimit,
        appliesOncePerCustomer: d.appliesOncePerCustomer,
        asyncUsageCount: 0,
        createdAt: d.createdAt,
        codes: () => ({
          nodes: [{ id: `gid://shopify/DiscountRedeemCode/${d.id.split('/').pop()}`, code: d.code, asyncUsageCount: 0 }],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        }),
      },
    };
  }

  private createBasic(input: BasicInput) {
    const errors: UserError[] = [];
    const at = (...field: string[]) => ['basicCodeDiscount', ...field];
    if (!input.title?.trim()) errors.push({ field: at('title'), code: 'BLANK', message: "Title can't be blank" });
    const code = input.code?.trim() ?? '';
    if (!code) errors.push({ field: at('code'), code: 'BLANK', message: "Code can't be blank" });
    else if (code.length > 255) errors.push({ field: at('code'), code: 'TOO_LONG', message: 'Code is too long (maximum is 255 characters)' });
    else if (this.discountByCode(code)) errors.push({ field: at('code'), code: 'TAKEN', message: 'Code must be unique. Please try a different code.' });
    if (input.context && input.customerSelection) {
      errors.push({ field: at('context'), code: 'CONFLICT', message: 'Only one of context or customerSelection can be provided.' });
    } else if (!input.context && !input.customerSelection) {
      errors.push({ field: at('context'), code: 'BLANK', message: "Context can't be blank" });
    }
    if (input.startsAt === undefined || input.startsAt === null) errors.push({ field: at('startsAt'), code: 'BLANK', message: "Starts at can't be blank" });
    else if (input.endsAt !== undefined && input.endsAt !== null && input.endsAt <= input.startsAt) {
      errors.push({ field: at('endsAt'), code: 'INVALID', message: 'Ends at needs to be after starts_at' });
    }
    if (input.usageLimit !== undefined && input.usageLimit !== null && input.usageLimit < 1) {
      errors.push({ field: at('usageLimit'), code: 'GREATER_THAN', message: 'Usage limit must be greater than 0' });
    }
    const value = input.customerGets?.value;
    let discountValue: FakeDiscount['value'] | null = null;
    if (!value || [value.discountAmount, value.percentage, value.discountOnQuantity].filter((v) => v !== undefined && v !== null).length !== 1) {
      errors.push({ field: at('customerGets', 'value'), code: 'INVALID', message: 'Value must have exactly one of percentage, discountAmount or discountOnQuantity' });
    } else if (value.discountAmount) {
      const amount = value.discountAmount.amount;
      if (amount === undefined || amount === null || Number(amount) <= 0) {
        errors.push({ field: at('customerGets', 'value', 'discountAmount', 'amount'), code: 'GREATER_THAN', message: 'Amount must be greater than 0' });
      } else {
        discountValue = { kind: 'amount', amount: normaliseDecimal(amount), appliesOnEachItem: value.discountAmount.appliesOnEachItem ?? false };
      }
    } else if (typeof value.percentage === 'number') {
      if (value.percentage <= 0 || value.percentage > 1) errors.push({ field: at('customerGets', 'value', 'percentage'), code: 'INVALID', message: 'Percentage must be between 0 and 1' });
      else discountValue = { kind: 'percentage', percentage: value.percentage };
    }
    const items = input.customerGets?.items;
    let discountItems: FakeDiscount['items'] | null = null;
    if (items?.all) discountItems = { all: true };
    else if (items?.products) {
      const productIds = items.products.productsToAdd ?? [];
      const variantIds = items.products.productVariantsToAdd ?? [];
      const unknownProducts = productIds.filter((id) => !this.products.some((p) => p.id === id));
      const unknownVariants = variantIds.filter((id) => !this.variants.some((v) => v.id === id));
      // Guessed wording: Shopify names the ids it does not know.
      if (unknownProducts.length > 0) {
        errors.push({ field: at('customerGets', 'items', 'products', 'productsToAdd'), code: 'INVALID', message: `Product ids are invalid: ${unknownProducts.join(', ')}` });
      }
      if (unknownVariants.length > 0) {
        errors.push({ field: at('customerGets', 'items', 'products', 'productVariantsToAdd'), code: 'INVALID', message: `Product variant ids are invalid: ${unknownVariants.join(', ')}` });
      }
      if (productIds.length + variantIds.length === 0) errors.push({ field: at('customerGets', 'items'), code: 'BLANK', message: "Items can't be blank" });
      discountItems = { all: false, productIds, variantIds };
    } else {
      errors.push({ field: at('customerGets', 'items'), code: 'BLANK', message: "Items can't be blank" });
    }
    if (errors.length > 0 || !discountValue || !discountItems) return { codeDiscountNode: null, userErrors: errors };

    const discount: FakeDiscount = {
      id: `gid://shopify/DiscountCodeNode/${this.nextId++}`,
      title: input.title!.trim(),
      code,
      startsAt: input.startsAt!,
      endsAt: input.endsAt ?? null,
      usageLimit: input.usageLimit ?? null,
      appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
      value: discountValue,
      items: discountItems,
      buyers: input.context?.all === 'ALL' || input.customerSelection?.all ? 'all' : 'selected',
      createdAt: this.clock(),
      deactivatedAt: null,
    };
    this.discounts.push(discount);
    return { codeDiscountNode: this.discountNode(discount), userErrors: [] };
  }

  /** Deactivating ends the code now; one already expired is answered as it is (guessed: no error). */
  private deactivate(id: string) {
    const discount = this.discounts.find((d) => d.id === id);
    if (!discount) return { codeDiscountNode: null, userErrors: [{ field: ['id'], code: 'INVALID', message: 'Discount does not exist' }] };
    if (this.status(discount) !== 'EXPIRED') {
      discount.endsAt = this.clock();
      discount.deactivatedAt = this.clock();
    }
    return { codeDiscountNode: this.discountNode(discount), userErrors: [] };
  }
}

/** Starts a fake shop with one token that has every scope the studio asks for. */
export async function startShopifyFake(options: ShopifyFakeOptions & { token?: string } = {}): Promise<ShopifyFake> {
  const fake = new ShopifyFake(options);
  fake.addToken(options.token ?? 'shpat_fake_token');
  await fake.start();
  return fake;
}

interface BasicInput {
  title?: string | null;
  code?: string | null;
  startsAt?: number | null;
  endsAt?: number | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  context?: { all?: string | null } | null;
  customerSelection?: { all?: boolean | null } | null;
  customerGets?: {
    value?: { discountAmount?: { amount?: string | null; appliesOnEachItem?: boolean | null } | null; percentage?: number | null; discountOnQuantity?: unknown } | null;
    items?: { all?: boolean | null; products?: { productsToAdd?: string[] | null; productVariantsToAdd?: string[] | null } | null } | null;
  } | null;
}

interface UserError {
  field: string[];
  code: string;
  message: string;
}

function hasScope(granted: Set<string>, scope: string): boolean {
  return granted.has(scope) || (scope.startsWith('read_') && granted.has(`write_${scope.slice('read_'.length)}`));
}

function graphqlErrorJson(error: GraphQLError, fallbackCode: string): Record<string, unknown> {
  const json = error.toJSON();
  return { ...json, extensions: { code: fallbackCode, ...json.extensions } };
}

function normaliseDecimal(value: string): string {
  return Number(value).toFixed(Math.max(2, (value.split('.')[1] ?? '').length));
}

/**
 * Shopify's calculated query cost, simplified: a scalar costs 0, an object 1, a connection 2 plus
 * `first` times one item's cost, a mutation 10. The bucket is charged before running.
 */
function selectionCost(
  set: SelectionSetNode | undefined,
  type: GraphQLNamedType,
  variables: Record<string, unknown>,
  fragments: Record<string, FragmentDefinitionNode>,
  isMutationRoot = false,
): number {
  if (!set) return 0;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? adminSchema.getType(selection.typeCondition.name.value) ?? type : type;
      total += selectionCost(selection.selectionSet, on, variables, fragments);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[selection.name.value];
      if (fragment) total += selectionCost(fragment.selectionSet, adminSchema.getType(fragment.typeCondition.name.value) ?? type, variables, fragments);
      continue;
    }
    if (selection.name.value.startsWith('__') || !isObjectType(type)) continue;
    const field = type.getFields()[selection.name.value];
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) continue;
    const children = selectionCost(selection.selectionSet, named, variables, fragments);
    if (isMutationRoot) total += mutationCost + children;
    else if (named.name.endsWith('Connection')) {
      const sizeArg = selection.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
      const size = sizeArg ? Number(sizeArg.value.kind === Kind.VARIABLE ? variables[sizeArg.value.name.value] : 'value' in sizeArg.value ? sizeArg.value.value : 1) : 1;
      total += 2 + (Number.isFinite(size) ? size : 1) * Math.max(1, children);
    } else total += 1 + children;
  }
  return total;
}

/** `updated_at:>='2026-12-02T04:00:00Z' AND created_at:<2026-12-03`: the time comparisons of a search. */
function parseTimeQuery(query: string): { field: 'updated_at' | 'created_at'; test: (t: number) => boolean }[] {
  const out: { field: 'updated_at' | 'created_at'; test: (t: number) => boolean }[] = [];
  for (const m of query.matchAll(/(updated_at|created_at):(>=|<=|>|<)?['"]?([0-9T:.\-+Z]+)['"]?/g)) {
    const at = Date.parse(m[3]!);
    if (Number.isNaN(at)) throw new GraphQLError(`Invalid date in search: ${m[3]}`, { extensions: { code: 'BAD_REQUEST' } });
    const op = m[2] ?? '=';
    const test = (t: number) => (op === '>=' ? t >= at : op === '>' ? t > at : op === '<=' ? t <= at : op === '<' ? t < at : t === at);
    out.push({ field: m[1] as 'updated_at' | 'created_at', test });
  }
  return out;
}

function decodeCursor(cursor: string): { key: number; id: number } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { key?: unknown; id?: unknown };
    return typeof value.key === 'number' && typeof value.id === 'number' ? { key: value.key, id: value.id } : null;
  } catch {
    return null;
  }
}

/** `sku:A OR sku:"B-1"` -> terms; null when the query filters nothing (all variants). */
function parseSkuQuery(query: string): { value: string; prefix: boolean }[] | null {
  if (query.trim() === '') return null;
  const terms: { value: string; prefix: boolean }[] = [];
  const pattern = /sku:(?:"((?:[^"\\]|\\.)*)"|([^\s()]+))/g;
  for (const m of query.matchAll(pattern)) {
    if (m[1] !== undefined) terms.push({ value: m[1].replace(/\\(.)/g, '$1'), prefix: false });
    else {
      const raw = m[2]!;
      terms.push(raw.endsWith('*') ? { value: raw.slice(0, -1), prefix: true } : { value: raw, prefix: false });
    }
  }
  return terms;
}

/** Shopify's search is case-insensitive and matches a SKU's words too: "ABC" finds "ABC-1" (the adapter keeps exact ones). */
function skuMatches(sku: string, term: { value: string; prefix: boolean }): boolean {
  const s = sku.toLowerCase();
  const t = term.value.toLowerCase();
  if (term.prefix) return s.startsWith(t);
  return s === t || s.split(/[-_\s]/).includes(t);
}
