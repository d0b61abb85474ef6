import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";
import { SkipLink } from "@/components/ui/Main";

export const metadata: Metadata = {
  title: { default: "Keyward", template: "%s · Keyward" },
  description: "Mint, track and revoke vendor API keys",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so its scripts carry that request's CSP nonce (proxy.ts);
  // a prerendered page would hold none and its scripts would be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <SkipLink />
        {children}
      </body>
    </html>
  );
}
