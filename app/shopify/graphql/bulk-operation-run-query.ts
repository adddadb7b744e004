/** Starts a bulk query export. `groupObjects: false` is the 2026-01+ default and the faster mode. */
export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BackstopBulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export interface BulkOperationRunQueryData {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: string; createdAt: string } | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
  } | null;
}

export interface BulkOperationRunQueryVariables {
  [name: string]: unknown;
  query: string;
}
