// The GraphQL documents the Shopify source sends, in one place to read as GraphQL.

/** A product's fields; the bulk query and the paged queries ask for the same ones. */
const PRODUCT_FIELDS = `
  id title handle descriptionHtml vendor productType tags status updatedAt
`;
const VARIANT_FIELDS = `
  id sku title price inventoryQuantity selectedOptions { name value }
`;
const MEDIA_FIELDS = `
  ... on MediaImage { image { url altText } }
`;

/** The whole catalog as a bulk operation (no page sizes: bulk connections return all). */
export const BULK_PRODUCTS = `{
  products {
    edges { node { ${PRODUCT_FIELDS}
      variants { edges { node { ${VARIANT_FIELDS} } } }
      media { edges { node { ${MEDIA_FIELDS} } } }
    } }
  }
}`;

export const RUN_BULK = `mutation RunBulk($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

const BULK_FIELDS = "id status errorCode objectCount rootObjectCount url query";

export const BULK_BY_ID = `query BulkById($id: ID!) {
  node(id: $id) { ... on BulkOperation { ${BULK_FIELDS} } }
}`;

export const CURRENT_BULK = `query CurrentBulk { currentBulkOperation(type: QUERY) { ${BULK_FIELDS} } }`;

/** Changed products, oldest change first; sized to stay well under the 1,000-point cap. */
export const CHANGED_PRODUCTS = `query Changed($first: Int!, $after: String, $query: String!) {
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${PRODUCT_FIELDS}
      variants(first: 10) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
      media(first: 5) { nodes { ${MEDIA_FIELDS} } }
    }
  }
}`;

export const MORE_VARIANTS = `query MoreVariants($id: ID!, $after: String) {
  product(id: $id) {
    variants(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
  }
}`;

export const PRODUCT_BY_ID = `query ProductById($id: ID!) {
  product(id: $id) { ${PRODUCT_FIELDS}
    variants(first: 100) { nodes { ${VARIANT_FIELDS} } }
    media(first: 20) { nodes { ${MEDIA_FIELDS} } }
  }
}`;

export const INVENTORY_ITEM = `query InventoryItem($id: ID!) {
  inventoryItem(id: $id) { id variant { id inventoryQuantity product { id } } }
}`;

export const VARIANT_STOCK = `query VariantStock($id: ID!) {
  productVariant(id: $id) { id inventoryQuantity inventoryItem { id } product { id } }
}`;

/** A product's variants with their levels per location (50 x 3 levels: about 650 points). */
export const PRODUCT_VARIANTS_STOCK = `query ProductStock($id: ID!) {
  product(id: $id) {
    variants(first: 50) {
      nodes {
        id inventoryQuantity
        inventoryItem { id inventoryLevels(first: 3) { nodes {
          location { id } quantities(names: ["available"]) { name quantity }
        } } }
      }
    }
  }
}`;

export const SHOP = `query Shop { shop { name myshopifyDomain currencyCode } }`;

export const ADJUST_INVENTORY = `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { changes { name delta quantityAfterChange } }
    userErrors { field message code }
  }
}`;

export const CREATE_WEBHOOK = `mutation CreateWebhook($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id topic }
    userErrors { field message }
  }
}`;

export const LIST_WEBHOOKS = `query Webhooks($after: String) {
  webhookSubscriptions(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id topic uri }
  }
}`;

export const DELETE_WEBHOOK = `mutation DeleteWebhook($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}`;
