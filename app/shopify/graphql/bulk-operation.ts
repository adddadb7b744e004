/** One bulk operation by id: how the sync polls an export it started. */
export const BULK_OPERATION = `#graphql
  query BackstopBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      createdAt
      completedAt
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
    }
  }
`;

export interface BulkOperationNode {
  id: string;
  status: string;
  errorCode: string | null;
  createdAt: string;
  completedAt: string | null;
  /** UnsignedInt64 travels as a string. */
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

export interface BulkOperationData {
  bulkOperation: BulkOperationNode | null;
}

export interface BulkOperationVariables {
  [name: string]: unknown;
  id: string;
}
