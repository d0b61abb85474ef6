import type { VendorAdapter, VendorCapabilities, VendorId } from "./types";
import { panosAdapter } from "./panos/adapter";

/** Vendor id → adapter. The only place that knows which vendors exist. */
const adapters: Partial<Record<VendorId, VendorAdapter>> = {
  panos: panosAdapter,
};

export function isVendorId(value: string): value is VendorId {
  return value in adapters;
}

export function adapterFor(vendor: string): VendorAdapter | undefined {
  return isVendorId(vendor) ? adapters[vendor] : undefined;
}

export function allCapabilities(): VendorCapabilities[] {
  return Object.values(adapters).map((a) => a.capabilities);
}
