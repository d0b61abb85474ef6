// GET /api/vendors – what each supported vendor asks for and allows
import { route } from "@/lib/api/handler";
import { allCapabilities } from "@/lib/vendors/registry";

export const GET = route({ permission: "connection.read" }, async () => ({ vendors: allCapabilities() }));
