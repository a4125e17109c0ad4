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
