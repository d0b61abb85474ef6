/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "pg",
    "undici",
    "@peculiar/x509",
    "reflect-metadata",
  ],
  poweredByHeader: false,
  // Pages' JavaScript is 3–4 times smaller gzipped; a proxy in front may compress again, which costs little.
  compress: true,
  // forbidden() and app/forbidden.tsx: a page the role may not open answers 403 with its own page.
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole tree (tests included) with tsc; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
