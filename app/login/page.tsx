import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { LoginForm } from "@/components/LoginForm";
import { cardClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentCaller()) redirect("/");
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className={`${cardClass} w-full max-w-sm`}>
        <p className="text-sm font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">Keyward</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold">Sign in to the console</h1>
        <LoginForm callbackUrl={callbackUrl ?? "/"} />
      </div>
    </main>
  );
}
