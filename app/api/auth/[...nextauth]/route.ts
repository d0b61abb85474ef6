// GET/POST /api/auth/* – next-auth's sign-in, sign-out and session endpoints
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so that configuration is read at run time, not at build time.
const handler: Handler = (req, ctx) => (NextAuth(authOptions()) as unknown as Handler)(req, ctx);

export { handler as GET, handler as POST };
