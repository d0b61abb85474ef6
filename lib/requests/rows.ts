import type { keyRequests } from "@/lib/db/schema";

export type RequestRow = typeof keyRequests.$inferSelect;
