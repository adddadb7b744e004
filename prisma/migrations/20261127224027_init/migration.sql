-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "planName" TEXT NOT NULL DEFAULT '',
    "scopes" TEXT NOT NULL DEFAULT '',
    "hasAllOrders" BOOLEAN NOT NULL DEFAULT false,
    "customerHashSalt" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "serviceLevelPct" REAL NOT NULL DEFAULT 95,
    "baselinePrimaryPct" INTEGER NOT NULL DEFAULT 80,
    "unhealthyPrimaryPct" INTEGER NOT NULL DEFAULT 70,
    "lateStreakPos" INTEGER NOT NULL DEFAULT 3,
    "shiftStepPct" INTEGER NOT NULL DEFAULT 10,
    "maxShiftPct" INTEGER NOT NULL DEFAULT 20,
    "minBackupPct" INTEGER NOT NULL DEFAULT 10,
    "lateGraceDays" INTEGER NOT NULL DEFAULT 2,
    "defectThresholdPct" REAL NOT NULL DEFAULT 5,
    "costImprovementPct" REAL NOT NULL DEFAULT 5,
    "workingCapitalRatePct" REAL NOT NULL DEFAULT 25,
    "depositPct" REAL NOT NULL DEFAULT 30,
    "paymentTermsDays" INTEGER NOT NULL DEFAULT 30,
    "reviewPeriodDays" INTEGER NOT NULL DEFAULT 7,
    "velocityWindowDays" INTEGER NOT NULL DEFAULT 90,
    "syncHourLocal" INTEGER NOT NULL DEFAULT 3,
    "backfillMonths" INTEGER NOT NULL DEFAULT 18,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ShopSettings_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Variant" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT NOT NULL DEFAULT '',
    "sku" TEXT,
    "vendor" TEXT NOT NULL DEFAULT '',
    "productType" TEXT NOT NULL DEFAULT '',
    "productStatus" TEXT NOT NULL DEFAULT 'ACTIVE',
    "priceCents" INTEGER NOT NULL DEFAULT 0,
    "unitCostCents" INTEGER,
    "inventoryItemId" TEXT,
    "available" INTEGER NOT NULL DEFAULT 0,
    "onHand" INTEGER NOT NULL DEFAULT 0,
    "incoming" INTEGER NOT NULL DEFAULT 0,
    "committed" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "locationName" TEXT NOT NULL DEFAULT '',
    "available" INTEGER NOT NULL DEFAULT 0,
    "onHand" INTEGER NOT NULL DEFAULT 0,
    "incoming" INTEGER NOT NULL DEFAULT 0,
    "committed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "variantId", "locationId")
);

-- CreateTable
CREATE TABLE "InventorySnapshot" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "onHand" INTEGER NOT NULL,
    "incoming" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "variantId", "day")
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "variantId" TEXT,
    "sku" TEXT,
    "day" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "revenueCents" INTEGER NOT NULL,
    "customerHash" TEXT,
    "isRepeat" BOOLEAN NOT NULL DEFAULT false,
    "orderCreatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId", "lineId")
);

-- CreateTable
CREATE TABLE "DailySales" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "revenueCents" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "repeatUnits" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "variantId", "day")
);

-- CreateTable
CREATE TABLE "Supplier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT '',
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "paymentTermsDays" INTEGER NOT NULL DEFAULT 30,
    "depositPct" REAL NOT NULL DEFAULT 30,
    "defaultLeadTimeDays" INTEGER NOT NULL DEFAULT 30,
    "notes" TEXT NOT NULL DEFAULT '',
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SupplierAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'active',
    "allocationPct" INTEGER NOT NULL DEFAULT 0,
    "leadTimeDays" INTEGER NOT NULL,
    "leadTimeSdDays" REAL,
    "moqUnits" INTEGER NOT NULL DEFAULT 0,
    "landedCostCents" INTEGER,
    "capacityUnitsPerMonth" INTEGER,
    "pilotQuality" INTEGER,
    "pilotCommunication" INTEGER,
    "pilotTimeliness" INTEGER,
    "pilotNotes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SupplierAssignment_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SkuRiskProfile" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "singleRegion" BOOLEAN NOT NULL DEFAULT false,
    "capacityConstrained" BOOLEAN NOT NULL DEFAULT false,
    "complexMaterials" BOOLEAN NOT NULL DEFAULT false,
    "heavyManualSteps" BOOLEAN NOT NULL DEFAULT false,
    "switchingFriction" TEXT NOT NULL DEFAULT 'medium',
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "PurchaseOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "reference" TEXT NOT NULL DEFAULT '',
    "isPilot" BOOLEAN NOT NULL DEFAULT false,
    "orderedUnits" INTEGER NOT NULL,
    "placedOn" TEXT NOT NULL,
    "promisedOn" TEXT NOT NULL,
    "receivedOn" TEXT,
    "receivedUnits" INTEGER,
    "defectiveUnits" INTEGER,
    "landedCostCents" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PurchaseOrder_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "sinceUpdatedAt" DATETIME,
    "untilUpdatedAt" DATETIME,
    "bulkOperationId" TEXT,
    "bulkStatus" TEXT,
    "bulkUrl" TEXT,
    "objectsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "progressPct" REAL NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncLease" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "runId" TEXT,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "ordersWatermark" DATETIME,
    "lastSucceededAt" DATETIME,
    "lastScheduledDay" TEXT,
    "scheduleStopped" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "webhookId")
);

-- CreateTable
CREATE TABLE "SkuMetrics" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "unitsPerDay" REAL NOT NULL,
    "unitsPerDaySd" REAL NOT NULL,
    "demandClass" TEXT NOT NULL,
    "velocityConfidence" TEXT NOT NULL,
    "netRevenueCents" INTEGER NOT NULL,
    "marginCents" INTEGER,
    "revenueSharePct" REAL NOT NULL,
    "cumulativeSharePct" REAL NOT NULL,
    "abcClass" TEXT NOT NULL,
    "revenueAtRiskCents" INTEGER NOT NULL,
    "repeatShare" REAL NOT NULL,
    "priorityScore" REAL NOT NULL,
    "priorityTier" TEXT NOT NULL,
    "daysOfCover" REAL,
    "leadTimeDays" REAL,
    "stockoutProbability" REAL NOT NULL,
    "riskLevel" TEXT NOT NULL,
    "safetyStockUnits" INTEGER NOT NULL,
    "reorderPointUnits" INTEGER NOT NULL,
    "hasBackup" BOOLEAN NOT NULL,
    "currentPrimaryPct" INTEGER,
    "recommendedPrimaryPct" INTEGER,
    "detailJson" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Variant_shop_sku_idx" ON "Variant"("shop", "sku");

-- CreateIndex
CREATE INDEX "OrderLine_shop_variantId_day_idx" ON "OrderLine"("shop", "variantId", "day");

-- CreateIndex
CREATE INDEX "OrderLine_shop_customerHash_idx" ON "OrderLine"("shop", "customerHash");

-- CreateIndex
CREATE INDEX "Supplier_shop_idx" ON "Supplier"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Supplier_shop_name_key" ON "Supplier"("shop", "name");

-- CreateIndex
CREATE INDEX "SupplierAssignment_shop_supplierId_idx" ON "SupplierAssignment"("shop", "supplierId");

-- CreateIndex
CREATE UNIQUE INDEX "SupplierAssignment_shop_variantId_supplierId_key" ON "SupplierAssignment"("shop", "variantId", "supplierId");

-- CreateIndex
CREATE INDEX "PurchaseOrder_shop_supplierId_idx" ON "PurchaseOrder"("shop", "supplierId");

-- CreateIndex
CREATE INDEX "PurchaseOrder_shop_variantId_idx" ON "PurchaseOrder"("shop", "variantId");

-- CreateIndex
CREATE INDEX "SyncRun_shop_startedAt_idx" ON "SyncRun"("shop", "startedAt");

-- CreateIndex
CREATE INDEX "SkuMetrics_shop_rank_idx" ON "SkuMetrics"("shop", "rank");

-- CreateIndex
CREATE INDEX "SkuMetrics_shop_riskLevel_idx" ON "SkuMetrics"("shop", "riskLevel");
