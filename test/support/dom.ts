/**
 * What jsdom lacks for the console's components: the native <dialog>'s modal methods (the
 * confirmation dialogs use showModal/close). Imported by component tests before rendering.
 */
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

if (typeof HTMLDialogElement !== "undefined" && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false;
  };
}

afterEach(() => cleanup());
