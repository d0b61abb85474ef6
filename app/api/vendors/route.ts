// GET /api/vendors – what each supported vendor asks for and allows
import { endpoint } from "@/lib/api/endpoint";
import { allCapabilities } from "@/lib/vendors/registry";

export const GET = endpoint({ access: "team", permission: "connection.read" }, async () => ({
  vendors: allCapabilities(),
}));
