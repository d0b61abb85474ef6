"use client";

import { useEffect, useState } from "react";
import { buttonClass } from "./ui/styles";

/** Copies text to the clipboard and says so for two seconds, to sighted and screen-reader users. */
export function CopyButton({ text, label = "Copy", className }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <button type="button" onClick={copy} className={className ?? buttonClass.secondary} aria-live="polite">
      {state === "copied" ? "Copied ✓" : state === "failed" ? "Copy failed: select and copy by hand" : label}
    </button>
  );
}

export function DownloadButton({ filename, content }: { filename: string; content: string }) {
  function download() {
    const url = URL.createObjectURL(new Blob([content], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.click();
    // The blob holds the secret: release it as soon as the download has started.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <button type="button" onClick={download} className={buttonClass.secondary}>
      Download {filename}
    </button>
  );
}
