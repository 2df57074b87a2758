// The part of Shopify's Admin GraphQL schema the sandbox serves, written as SDL with the
// real type, field and enum names, so a query that runs here runs against a real shop.

import { buildSchema } from "graphql";

export const SDL = /* GraphQL */ `
  directive @idempotent(key: String!) on FIELD

  scalar DateTime
  scalar URL
  scalar Money
  scalar UnsignedInt64

  interface Node {
    id: ID!
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Shop implements Node {
    id: ID!
    name: String!
    myshopifyDomain: String!
    currencyCode: String!
    email: String!
  }

  enum ProductStatus {
    ACTIVE
    ARCHIVED
    DRAFT
  }

  enum ProductSortKeys {
    ID
    TITLE
    UPDATED_AT
    CREATED_AT
  }

  type Product implements Node {
    id: ID!
    title: String!
    handle: String!
    descriptionHtml: String!
    vendor: String!
    productType: String!
    tags: [String!]!
    status: ProductStatus!
    createdAt: DateTime!
    updatedAt: DateTime!
    totalInventory: Int!
    variants(first: Int, last: Int, after: String, before: String): ProductVariantConnection!
    media(first: Int, last: Int, after: String, before: String): MediaConnection!
  }

  type ProductEdge {
    cursor: String!
    node: Product!
  }
  type ProductConnection {
    edges: [ProductEdge!]!
    nodes: [Product!]!
    pageInfo: PageInfo!
  }

  type SelectedOption {
    name: String!
    value: String!
  }

  type ProductVariant implements Node {
    id: ID!
    title: String!
    sku: String
    price: Money!
    position: Int!
    inventoryQuantity: Int
    selectedOptions: [SelectedOption!]!
    inventoryItem: InventoryItem!
    product: Product!
    updatedAt: DateTime!
  }
  type ProductVariantEdge {
    cursor: String!
    node: ProductVariant!
  }
  type ProductVariantConnection {
    edges: [ProductVariantEdge!]!
    nodes: [ProductVariant!]!
    pageInfo: PageInfo!
  }

  enum MediaContentType {
    IMAGE
    VIDEO
    EXTERNAL_VIDEO
    MODEL_3D
  }
  interface Media {
    id: ID!
    alt: String
    mediaContentType: MediaContentType!
  }
  type Image {
    url: URL!
    altText: String
    width: Int
    height: Int
  }
  type MediaImage implements Node & Media {
    id: ID!
    alt: String
    mediaContentType: MediaContentType!
    image: Image
  }
  type MediaEdge {
    cursor: String!
    node: Media!
  }
  type MediaConnection {
    edges: [MediaEdge!]!
    nodes: [Media!]!
    pageInfo: PageInfo!
  }

  type Location implements Node {
    id: ID!
    name: String!
    isActive: Boolean!
  }
  type LocationEdge {
    cursor: String!
    node: Location!
  }
  type LocationConnection {
    edges: [LocationEdge!]!
    nodes: [Location!]!
    pageInfo: PageInfo!
  }

  type InventoryQuantity {
    name: String!
    quantity: Int!
  }
  type InventoryLevel {
    id: ID!
    location: Location!
    quantities(names: [String!]!): [InventoryQuantity!]!
  }
  type InventoryLevelEdge {
    cursor: String!
    node: InventoryLevel!
  }
  type InventoryLevelConnection {
    edges: [InventoryLevelEdge!]!
    nodes: [InventoryLevel!]!
    pageInfo: PageInfo!
  }
  type InventoryItem implements Node {
    id: ID!
    sku: String
    tracked: Boolean!
    variant: ProductVariant!
    inventoryLevel(locationId: ID!): InventoryLevel
    inventoryLevels(first: Int, last: Int, after: String, before: String): InventoryLevelConnection!
  }

  type LineItem {
    id: ID!
    sku: String
    quantity: Int!
    variant: ProductVariant
    product: Product
  }
  type LineItemEdge {
    cursor: String!
    node: LineItem!
  }
  type LineItemConnection {
    edges: [LineItemEdge!]!
    nodes: [LineItem!]!
    pageInfo: PageInfo!
  }
  type Order implements Node {
    id: ID!
    name: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    lineItems(first: Int, last: Int, after: String, before: String): LineItemConnection!
  }
  type OrderEdge {
    cursor: String!
    node: Order!
  }
  type OrderConnection {
    edges: [OrderEdge!]!
    nodes: [Order!]!
    pageInfo: PageInfo!
  }

  enum BulkOperationStatus {
    CANCELED
    CANCELING
    COMPLETED
    CREATED
    EXPIRED
    FAILED
    RUNNING
  }
  enum BulkOperationType {
    QUERY
    MUTATION
  }
  enum BulkOperationErrorCode {
    ACCESS_DENIED
    INTERNAL_SERVER_ERROR
    TIMEOUT
  }
  type BulkOperation implements Node {
    id: ID!
    status: BulkOperationStatus!
    type: BulkOperationType!
    errorCode: BulkOperationErrorCode
    createdAt: DateTime!
    completedAt: DateTime
    objectCount: UnsignedInt64!
    rootObjectCount: UnsignedInt64!
    fileSize: UnsignedInt64
    url: URL
    partialDataUrl: URL
    query: String!
  }
  type BulkOperationUserError {
    field: [String!]
    message: String!
    code: String
  }
  type BulkOperationRunQueryPayload {
    bulkOperation: BulkOperation
    userErrors: [BulkOperationUserError!]!
  }
  type BulkOperationCancelPayload {
    bulkOperation: BulkOperation
    userErrors: [UserError!]!
  }

  type UserError {
    field: [String!]
    message: String!
  }

  enum WebhookSubscriptionTopic {
    PRODUCTS_CREATE
    PRODUCTS_UPDATE
    PRODUCTS_DELETE
    ORDERS_CREATE
    INVENTORY_LEVELS_UPDATE
    BULK_OPERATIONS_FINISH
    APP_UNINSTALLED
  }
  enum WebhookSubscriptionFormat {
    JSON
    XML
  }
  input WebhookSubscriptionInput {
    uri: String
    callbackUrl: URL
    format: WebhookSubscriptionFormat
  }
  type WebhookSubscription implements Node {
    id: ID!
    topic: WebhookSubscriptionTopic!
    uri: String!
    format: WebhookSubscriptionFormat!
    createdAt: DateTime!
  }
  type WebhookSubscriptionEdge {
    cursor: String!
    node: WebhookSubscription!
  }
  type WebhookSubscriptionConnection {
    edges: [WebhookSubscriptionEdge!]!
    nodes: [WebhookSubscription!]!
    pageInfo: PageInfo!
  }
  type WebhookSubscriptionCreatePayload {
    webhookSubscription: WebhookSubscription
    userErrors: [UserError!]!
  }
  type WebhookSubscriptionDeletePayload {
    deletedWebhookSubscriptionId: ID
    userErrors: [UserError!]!
  }

  input InventoryChangeInput {
    delta: Int!
    inventoryItemId: ID!
    locationId: ID!
    ledgerDocumentUri: String
  }
  input InventoryAdjustQuantitiesInput {
    name: String!
    reason: String!
    referenceDocumentUri: String
    changes: [InventoryChangeInput!]!
  }
  type InventoryChange {
    name: String!
    delta: Int!
    quantityAfterChange: Int
    item: InventoryItem
    location: Location
  }
  type InventoryAdjustmentGroup {
    id: ID!
    createdAt: DateTime!
    reason: String!
    referenceDocumentUri: String
    changes: [InventoryChange!]!
  }
  type InventoryAdjustQuantitiesUserError {
    field: [String!]
    message: String!
    code: String
  }
  type InventoryAdjustQuantitiesPayload {
    inventoryAdjustmentGroup: InventoryAdjustmentGroup
    userErrors: [InventoryAdjustQuantitiesUserError!]!
  }

  type Query {
    shop: Shop!
    node(id: ID!): Node
    product(id: ID!): Product
    productVariant(id: ID!): ProductVariant
    inventoryItem(id: ID!): InventoryItem
    products(
      first: Int
      last: Int
      after: String
      before: String
      query: String
      sortKey: ProductSortKeys
      reverse: Boolean
    ): ProductConnection!
    orders(first: Int, last: Int, after: String, before: String, query: String): OrderConnection!
    locations(first: Int, last: Int, after: String, before: String): LocationConnection!
    webhookSubscriptions(
      first: Int
      last: Int
      after: String
      before: String
    ): WebhookSubscriptionConnection!
    currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
    bulkOperation(id: ID!): BulkOperation
  }

  type Mutation {
    bulkOperationRunQuery(query: String!, groupObjects: Boolean): BulkOperationRunQueryPayload
    bulkOperationCancel(id: ID!): BulkOperationCancelPayload
    webhookSubscriptionCreate(
      topic: WebhookSubscriptionTopic!
      webhookSubscription: WebhookSubscriptionInput!
    ): WebhookSubscriptionCreatePayload
    webhookSubscriptionDelete(id: ID!): WebhookSubscriptionDeletePayload
    inventoryAdjustQuantities(
      input: InventoryAdjustQuantitiesInput!
    ): InventoryAdjustQuantitiesPayload
  }
`;

export const adminSchema = buildSchema(SDL);
