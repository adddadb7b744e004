-- CreateTable
CREATE TABLE "AssignmentUndo" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "description" TEXT NOT NULL,
    "variantIdsJson" TEXT NOT NULL,
    "assignmentsJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
