/**
 * What jsdom lacks for the console's components: the native <dialog>'s modal methods (the
 * confirmation dialogs use showModal/close). Imported by component tests before rendering.
 */
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

if (typeof HTMLDialogElement !== "undefined" && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
    // As browsers do: an [autofocus] control inside takes the focus, else the first focusable one
    // (React sets no autofocus attribute in the browser, so a dialog that wants Cancel must say so).
    const focusable =
      "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]";
    (this.querySelector<HTMLElement>("[autofocus]") ?? this.querySelector<HTMLElement>(focusable))?.focus();
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false;
  };
}

afterEach(() => cleanup());
