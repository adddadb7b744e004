/*
  Warnings:

  - You are about to drop the `OrderLine` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropIndex
DROP INDEX "OrderLine_shop_customerHash_idx";

-- DropIndex
DROP INDEX "OrderLine_shop_variantId_day_idx";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "OrderLine";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "SalesOrder" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "day" TEXT NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "isCounted" BOOLEAN NOT NULL,
    "customerHash" TEXT,
    "linesJson" TEXT NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "SalesCustomerOrder" (
    "shop" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "isCounted" BOOLEAN NOT NULL,

    PRIMARY KEY ("shop", "customerHash", "orderId")
);

-- CreateTable
CREATE TABLE "SalesDirtyKey" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,

    PRIMARY KEY ("shop", "variantId", "day")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "sinceUpdatedAt" DATETIME,
    "backfillFrom" DATETIME,
    "untilUpdatedAt" DATETIME,
    "bulkOperationId" TEXT,
    "bulkStatus" TEXT,
    "bulkErrorCode" TEXT,
    "bulkUrl" TEXT,
    "bulkObjectCount" INTEGER NOT NULL DEFAULT 0,
    "linesApplied" INTEGER NOT NULL DEFAULT 0,
    "bulkAttempts" INTEGER NOT NULL DEFAULT 0,
    "objectsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "progressPct" REAL NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "timingsJson" TEXT NOT NULL DEFAULT '{}',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SyncRun" ("attempts", "bulkOperationId", "bulkStatus", "bulkUrl", "errorCode", "errorMessage", "finishedAt", "id", "kind", "objectsRead", "progressPct", "rowsWritten", "shop", "sinceUpdatedAt", "startedAt", "status", "trigger", "untilUpdatedAt", "updatedAt") SELECT "attempts", "bulkOperationId", "bulkStatus", "bulkUrl", "errorCode", "errorMessage", "finishedAt", "id", "kind", "objectsRead", "progressPct", "rowsWritten", "shop", "sinceUpdatedAt", "startedAt", "status", "trigger", "untilUpdatedAt", "updatedAt" FROM "SyncRun";
DROP TABLE "SyncRun";
ALTER TABLE "new_SyncRun" RENAME TO "SyncRun";
CREATE INDEX "SyncRun_shop_startedAt_idx" ON "SyncRun"("shop", "startedAt");
CREATE INDEX "SyncRun_bulkOperationId_idx" ON "SyncRun"("bulkOperationId");
CREATE TABLE "new_SyncState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "ordersWatermark" DATETIME,
    "lastSucceededAt" DATETIME,
    "lastRunId" TEXT,
    "lastScheduledDay" TEXT,
    "scheduleStopped" BOOLEAN NOT NULL DEFAULT false,
    "needsFullRollup" BOOLEAN NOT NULL DEFAULT false,
    "historyLimited" BOOLEAN NOT NULL DEFAULT false,
    "historyStartsAt" DATETIME,
    "catalogSyncedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SyncState" ("lastScheduledDay", "lastSucceededAt", "ordersWatermark", "scheduleStopped", "shop", "updatedAt") SELECT "lastScheduledDay", "lastSucceededAt", "ordersWatermark", "scheduleStopped", "shop", "updatedAt" FROM "SyncState";
DROP TABLE "SyncState";
ALTER TABLE "new_SyncState" RENAME TO "SyncState";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SalesOrder_shop_day_idx" ON "SalesOrder"("shop", "day");
