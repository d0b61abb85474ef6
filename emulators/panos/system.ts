/**
 * What the emulated PA-VM says about itself: `show system info`, `show clock` and
 * `show system resources`. The field set and value formats follow a PA-VM on PAN-OS 11.1 as
 * the public samples print it (see docs/VENDORS.md); pan-os-python's `Firewall.refresh_system_info()`
 * indexes `sw-version`, `model`, `serial`, `app-version` and `multi-vsys` and fails on any missing one.
 */

const BOOTED_AT = Date.now() - (3 * 86_400 + 4 * 3_600 + 17 * 60) * 1000;

export const SYSTEM_IDENTITY = {
  hostname: "PA-VM-KEYWARD",
  model: "PA-VM",
  serial: "007054000123456",
  "sw-version": "11.1.2",
} as const;

const p2 = (n: number) => String(n).padStart(2, "0");
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `3 days, 4:17:00`: how PAN-OS prints uptime. */
function uptime(now: number): string {
  const s = Math.floor((now - BOOTED_AT) / 1000);
  const days = Math.floor(s / 86_400);
  const rest = s % 86_400;
  return `${days} days, ${Math.floor(rest / 3_600)}:${p2(Math.floor((rest % 3_600) / 60))}:${p2(rest % 60)}`;
}

/** `date(1)` output, the device's clock format: `Thu Dec  3 06:28:44 UTC 2026` (the day padded with a space). */
export function clockText(now = Date.now()): string {
  const d = new Date(now);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time} UTC ${d.getUTCFullYear()}`;
}

/** The `<system>` children in the order a PA-VM prints them. */
export function systemInfoFields(now = Date.now()): Array<[string, string]> {
  return [
    ["hostname", SYSTEM_IDENTITY.hostname],
    ["ip-address", "192.0.2.10"],
    ["public-ip-address", "unknown"],
    ["netmask", "255.255.255.0"],
    ["default-gateway", "192.0.2.1"],
    ["is-dhcp", "no"],
    ["ipv6-address", "unknown"],
    ["ipv6-link-local-address", "fe80::250:56ff:fe8a:1c2d/64"],
    ["mac-address", "00:50:56:8a:1c:2d"],
    ["time", clockText(now).replace(" UTC", "")],
    ["uptime", uptime(now)],
    ["devicename", SYSTEM_IDENTITY.hostname],
    ["family", "vm"],
    ["model", SYSTEM_IDENTITY.model],
    ["serial", SYSTEM_IDENTITY.serial],
    ["vm-mac-base", "BA:DB:EE:00:00:00"],
    ["vm-mac-count", "256"],
    ["vm-uuid", "4206A1B2-C3D4-E5F6-0718-293A4B5C6D7E"],
    ["vm-cpuid", "ESX:D4060500FFFB8B1F"],
    ["vm-license", "VM-100"],
    ["vm-cap-tier", "6.5 GB"],
    ["vm-cores", "2"],
    ["vm-mem", "6.5 GB"],
    ["relicense", "0"],
    ["vm-mode", "VMware ESXi"],
    ["cloud-mode", "non-cloud"],
    ["sw-version", SYSTEM_IDENTITY["sw-version"]],
    ["global-protect-client-package-version", "0.0.0"],
    ["device-dictionary-version", "147-481"],
    ["device-dictionary-release-date", "2026/11/30 09:12:04 UTC"],
    ["app-version", "8912-9143"],
    ["app-release-date", "2026/11/27 16:35:50 UTC"],
    ["av-version", "5094-5612"],
    ["av-release-date", "2026/12/02 04:03:11 UTC"],
    ["threat-version", "8912-9143"],
    ["threat-release-date", "2026/11/27 16:35:50 UTC"],
    ["wf-private-version", "0"],
    ["wf-private-release-date", "unknown"],
    ["url-db", "paloaltonetworks"],
    ["wildfire-version", "0"],
    ["wildfire-release-date", ""],
    ["wildfire-rt", "Disabled"],
    ["url-filtering-version", "20261202.20187"],
    ["global-protect-datafile-version", "unknown"],
    ["global-protect-datafile-release-date", "unknown"],
    ["global-protect-clientless-vpn-version", "0"],
    ["logdb-version", "11.1.0"],
    ["platform-family", "vm"],
    ["vpn-disable-mode", "off"],
    ["multi-vsys", "off"],
    ["ZTP", "Disabled"],
    ["operational-mode", "normal"],
    ["advanced-routing", "off"],
    ["device-certificate-status", "None"],
  ];
}

/**
 * `show system resources` is the text of one `top` run, which clients parse with a regular
 * expression (pan-os-python: load average, `id` CPU share and the `KiB Mem :` line of procps-ng, PAN-OS 9+).
 */
export function resourcesText(now = Date.now()): string {
  const d = new Date(now);
  const clock = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const up = uptime(now).replace(/:\d\d$/, "");
  return [
    `top - ${clock} up ${up},  0 users,  load average: 0.41, 0.38, 0.36`,
    "Tasks: 162 total,   1 running, 161 sleeping,   0 stopped,   0 zombie",
    "%Cpu(s):  2.9 us,  1.5 sy,  0.0 ni, 95.3 id,  0.0 wa,  0.0 hi,  0.3 si,  0.0 st",
    "KiB Mem :  6836200 total,   412604 free,  4185072 used,  2238524 buff/cache",
    "KiB Swap:        0 total,        0 free,        0 used.  1781136 avail Mem ",
    "",
    "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND",
    " 3412 root      20   0  982716 310244  18620 S   3.0  4.5  62:10.17 mgmtsrvr",
    " 3398 root      20   0  612004 101128  14472 S   1.0  1.5  12:41.02 devsrvr",
  ].join("\n");
}
