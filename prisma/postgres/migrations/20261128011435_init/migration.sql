-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
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
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "planName" TEXT NOT NULL DEFAULT '',
    "scopes" TEXT NOT NULL DEFAULT '',
    "hasAllOrders" BOOLEAN NOT NULL DEFAULT false,
    "customerHashSalt" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL,
    "serviceLevelPct" DOUBLE PRECISION NOT NULL DEFAULT 95,
    "baselinePrimaryPct" INTEGER NOT NULL DEFAULT 80,
    "unhealthyPrimaryPct" INTEGER NOT NULL DEFAULT 70,
    "lateStreakPos" INTEGER NOT NULL DEFAULT 3,
    "shiftStepPct" INTEGER NOT NULL DEFAULT 10,
    "maxShiftPct" INTEGER NOT NULL DEFAULT 20,
    "minBackupPct" INTEGER NOT NULL DEFAULT 10,
    "lateGraceDays" INTEGER NOT NULL DEFAULT 2,
    "defectThresholdPct" DOUBLE PRECISION NOT NULL DEFAULT 5,
    "costImprovementPct" DOUBLE PRECISION NOT NULL DEFAULT 5,
    "workingCapitalRatePct" DOUBLE PRECISION NOT NULL DEFAULT 25,
    "depositPct" DOUBLE PRECISION NOT NULL DEFAULT 30,
    "paymentTermsDays" INTEGER NOT NULL DEFAULT 30,
    "reviewPeriodDays" INTEGER NOT NULL DEFAULT 7,
    "velocityWindowDays" INTEGER NOT NULL DEFAULT 90,
    "syncHourLocal" INTEGER NOT NULL DEFAULT 3,
    "backfillMonths" INTEGER NOT NULL DEFAULT 18,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shop")
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
    "deletedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Variant_pkey" PRIMARY KEY ("shop","id")
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

    CONSTRAINT "InventoryLevel_pkey" PRIMARY KEY ("shop","variantId","locationId")
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

    CONSTRAINT "InventorySnapshot_pkey" PRIMARY KEY ("shop","variantId","day")
);

-- CreateTable
CREATE TABLE "SalesOrder" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "day" TEXT NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "isCounted" BOOLEAN NOT NULL,
    "customerHash" TEXT,
    "linesJson" TEXT NOT NULL,

    CONSTRAINT "SalesOrder_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "SalesCustomerOrder" (
    "shop" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "isCounted" BOOLEAN NOT NULL,

    CONSTRAINT "SalesCustomerOrder_pkey" PRIMARY KEY ("shop","customerHash","orderId")
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

    CONSTRAINT "DailySales_pkey" PRIMARY KEY ("shop","variantId","day")
);

-- CreateTable
CREATE TABLE "SalesDirtyKey" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,

    CONSTRAINT "SalesDirtyKey_pkey" PRIMARY KEY ("shop","variantId","day")
);

-- CreateTable
CREATE TABLE "Supplier" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT '',
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "paymentTermsDays" INTEGER NOT NULL DEFAULT 30,
    "depositPct" DOUBLE PRECISION NOT NULL DEFAULT 30,
    "defaultLeadTimeDays" INTEGER NOT NULL DEFAULT 30,
    "notes" TEXT NOT NULL DEFAULT '',
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Supplier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupplierAssignment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'active',
    "allocationPct" INTEGER NOT NULL DEFAULT 0,
    "leadTimeDays" INTEGER NOT NULL,
    "leadTimeSdDays" DOUBLE PRECISION,
    "moqUnits" INTEGER NOT NULL DEFAULT 0,
    "landedCostCents" INTEGER,
    "capacityUnitsPerMonth" INTEGER,
    "pilotQuality" INTEGER,
    "pilotCommunication" INTEGER,
    "pilotTimeliness" INTEGER,
    "pilotNotes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupplierAssignment_pkey" PRIMARY KEY ("id")
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SkuRiskProfile_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "PurchaseOrder" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PurchaseOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "sinceUpdatedAt" TIMESTAMP(3),
    "backfillFrom" TIMESTAMP(3),
    "untilUpdatedAt" TIMESTAMP(3),
    "bulkOperationId" TEXT,
    "bulkStatus" TEXT,
    "bulkErrorCode" TEXT,
    "bulkUrl" TEXT,
    "bulkObjectCount" INTEGER NOT NULL DEFAULT 0,
    "linesApplied" INTEGER NOT NULL DEFAULT 0,
    "bulkAttempts" INTEGER NOT NULL DEFAULT 0,
    "objectsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "progressPct" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "timingsJson" TEXT NOT NULL DEFAULT '{}',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncLease" (
    "shop" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "runId" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncLease_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "SyncState" (
    "shop" TEXT NOT NULL,
    "ordersWatermark" TIMESTAMP(3),
    "lastSucceededAt" TIMESTAMP(3),
    "lastRunId" TEXT,
    "lastScheduledDay" TEXT,
    "scheduleStopped" BOOLEAN NOT NULL DEFAULT false,
    "needsFullRollup" BOOLEAN NOT NULL DEFAULT false,
    "historyLimited" BOOLEAN NOT NULL DEFAULT false,
    "historyStartsAt" TIMESTAMP(3),
    "catalogSyncedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("shop","webhookId")
);

-- CreateTable
CREATE TABLE "SkuMetrics" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "unitsPerDay" DOUBLE PRECISION NOT NULL,
    "unitsPerDaySd" DOUBLE PRECISION NOT NULL,
    "demandClass" TEXT NOT NULL,
    "velocityConfidence" TEXT NOT NULL,
    "netRevenueCents" INTEGER NOT NULL,
    "marginCents" INTEGER,
    "revenueSharePct" DOUBLE PRECISION NOT NULL,
    "cumulativeSharePct" DOUBLE PRECISION NOT NULL,
    "abcClass" TEXT NOT NULL,
    "revenueAtRiskCents" INTEGER NOT NULL,
    "repeatShare" DOUBLE PRECISION NOT NULL,
    "priorityScore" DOUBLE PRECISION NOT NULL,
    "priorityTier" TEXT NOT NULL,
    "daysOfCover" DOUBLE PRECISION,
    "leadTimeDays" DOUBLE PRECISION,
    "stockoutProbability" DOUBLE PRECISION NOT NULL,
    "riskLevel" TEXT NOT NULL,
    "safetyStockUnits" INTEGER NOT NULL,
    "reorderPointUnits" INTEGER NOT NULL,
    "hasBackup" BOOLEAN NOT NULL,
    "currentPrimaryPct" INTEGER,
    "recommendedPrimaryPct" INTEGER,
    "detailJson" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SkuMetrics_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "AssignmentUndo" (
    "shop" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "variantIdsJson" TEXT NOT NULL,
    "assignmentsJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssignmentUndo_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Variant_shop_sku_idx" ON "Variant"("shop", "sku");

-- CreateIndex
CREATE INDEX "SalesOrder_shop_day_idx" ON "SalesOrder"("shop", "day");

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
CREATE INDEX "SyncRun_bulkOperationId_idx" ON "SyncRun"("bulkOperationId");

-- CreateIndex
CREATE INDEX "SkuMetrics_shop_rank_idx" ON "SkuMetrics"("shop", "rank");

-- CreateIndex
CREATE INDEX "SkuMetrics_shop_riskLevel_idx" ON "SkuMetrics"("shop", "riskLevel");

-- AddForeignKey
ALTER TABLE "ShopSettings" ADD CONSTRAINT "ShopSettings_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupplierAssignment" ADD CONSTRAINT "SupplierAssignment_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrder" ADD CONSTRAINT "PurchaseOrder_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
