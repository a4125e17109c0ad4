/**
 * The Admin GraphQL documents the Shopify adapter sends, and the shapes of their answers (only the fields
 * selected). Field names follow the pinned API version (shopify-adapter.ts `shopifyApiVersion`): `context`
 * replaced the deprecated `customerSelection` of DiscountCodeBasicInput.
 */

export const checkDocument = /* GraphQL */ `
  query StudioCheck {
    shop {
      name
      myshopifyDomain
      currencyCode
    }
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;
export interface CheckData {
  shop: { name: string; myshopifyDomain: string; currencyCode: string };
  currentAppInstallation: { accessScopes: { handle: string }[] };
}

/** Variants whose SKU matches `query` (Shopify search syntax: `sku:A OR sku:B`), a page at a time. */
export const variantsBySkuDocument = /* GraphQL */ `
  query StudioVariantsBySku($query: String!, $first: Int!, $after: String) {
    productVariants(first: $first, after: $after, query: $query) {
      nodes {
        id
        sku
        title
        product {
          id
          title
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
export interface VariantsBySkuData {
  productVariants: {
    nodes: { id: string; sku: string | null; title: string; product: { id: string; title: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const discountNodeFields = /* GraphQL */ `
  id
  codeDiscount {
    __typename
    ... on DiscountCodeBasic {
      title
      status
      codes(first: 1) {
        nodes {
          code
        }
      }
    }
  }
`;
export interface DiscountNode {
  id: string;
  codeDiscount: { __typename: string; title?: string; status?: string; codes?: { nodes: { code: string }[] } };
}

export interface DiscountUserError {
  field: string[] | null;
  code: string | null;
  message: string;
}

export const createDiscountDocument = /* GraphQL */ `
  mutation StudioDiscountCreate($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode {
        ${discountNodeFields}
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`;
export interface CreateDiscountData {
  discountCodeBasicCreate: { codeDiscountNode: DiscountNode | null; userErrors: DiscountUserError[] } | null;
}

export const discountByCodeDocument = /* GraphQL */ `
  query StudioDiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      ${discountNodeFields}
    }
  }
`;
export interface DiscountByCodeData {
  codeDiscountNodeByCode: DiscountNode | null;
}

export const discountByIdDocument = /* GraphQL */ `
  query StudioDiscountById($id: ID!) {
    codeDiscountNode(id: $id) {
      ${discountNodeFields}
    }
  }
`;
export interface DiscountByIdData {
  codeDiscountNode: DiscountNode | null;
}

export const deactivateDiscountDocument = /* GraphQL */ `
  mutation StudioDiscountDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode {
        ${discountNodeFields}
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`;
export interface DeactivateDiscountData {
  discountCodeDeactivate: { codeDiscountNode: DiscountNode | null; userErrors: DiscountUserError[] } | null;
}

/**
 * Orders updated since a time, oldest update first, a page at a time (scope read_orders). Only ids,
 * times, status, amounts and lines are asked: never the customer, addresses, email or phone.
 * Page sizes keep the requested cost under Shopify's single-query limit (1000 points): a connection
 * costs about 2 + first x its node, and every line item is an object with money objects inside.
 */
export const ordersPageSize = 8;
export const orderLinesPerOrder = 20;
export const ordersDocument = /* GraphQL */ `
  query StudioOrders($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        createdAt
        updatedAt
        cancelledAt
        displayFinancialStatus
        currencyCode
        currentTotalPriceSet {
          shopMoney {
            amount
            currencyCode
          }
        }
        lineItems(first: ${orderLinesPerOrder}) {
          nodes {
            id
            sku
            quantity
            currentQuantity
            variant {
              id
            }
            product {
              id
            }
            discountedUnitPriceAfterAllDiscountsSet {
              shopMoney {
                amount
              }
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
export interface ShopifyMoney {
  amount: string;
  currencyCode?: string;
}
export interface OrderNode {
  id: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  currencyCode: string;
  currentTotalPriceSet: { shopMoney: ShopifyMoney };
  lineItems: {
    nodes: {
      id: string;
      sku: string | null;
      quantity: number;
      currentQuantity: number;
      variant: { id: string } | null;
      product: { id: string } | null;
      discountedUnitPriceAfterAllDiscountsSet: { shopMoney: ShopifyMoney };
    }[];
  };
}
export interface OrdersData {
  orders: { nodes: OrderNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
