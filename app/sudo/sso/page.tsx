import type { Metadata } from "next";
import { SudoSsoStart } from "@/components/SudoSsoPopup";
import { Main } from "@/components/ui/Main";

export const metadata: Metadata = { title: "Re-authenticate" };

/** The popup of an SSO re-authentication for sudo mode (opened by the sudo dialog). */
export default function SudoSsoPage() {
  return (
    <Main className="p-6">
      <SudoSsoStart />
    </Main>
  );
}
