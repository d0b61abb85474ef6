import type { VendorAdapter, VendorCapabilities, VendorId } from "./types";
import { panosAdapter } from "./panos/adapter";
import { expeditionAdapter } from "./expedition/adapter";
import { xsiamAdapter } from "./xsiam/adapter";
import { trendAdapter } from "./trend/adapter";
import { rancherAdapter } from "./rancher/adapter";

/** Vendor id → adapter. The only place that knows which vendors exist. */
const adapters: Record<VendorId, VendorAdapter> = {
  panos: panosAdapter,
  expedition: expeditionAdapter,
  xsiam: xsiamAdapter,
  trend: trendAdapter,
  rancher: rancherAdapter,
};

function isVendorId(value: string): value is VendorId {
  return Object.hasOwn(adapters, value);
}

export function adapterFor(vendor: string): VendorAdapter | undefined {
  return isVendorId(vendor) ? adapters[vendor] : undefined;
}

export function allCapabilities(): VendorCapabilities[] {
  return Object.values(adapters).map((a) => a.capabilities);
}
