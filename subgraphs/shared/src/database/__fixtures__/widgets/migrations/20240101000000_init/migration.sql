-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "widgets";

-- CreateEnum
CREATE TYPE "widgets"."WidgetSize" AS ENUM ('SMALL', 'LARGE');

-- CreateTable
CREATE TABLE "widgets"."Widget" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" "widgets"."WidgetSize" NOT NULL,

    CONSTRAINT "Widget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "widgets"."Part" (
    "id" SERIAL NOT NULL,
    "widgetId" TEXT NOT NULL,

    CONSTRAINT "Part_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Part_widgetId_idx" ON "widgets"."Part"("widgetId");

-- AddForeignKey
ALTER TABLE "widgets"."Part" ADD CONSTRAINT "Part_widgetId_fkey" FOREIGN KEY ("widgetId") REFERENCES "widgets"."Widget"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
