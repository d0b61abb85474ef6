// @vitest-environment jsdom
import "@/test/support/dom";
import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConfirmDialog } from "./ConfirmDialog";

function Harness({
  open,
  onConfirm,
  onCancel,
  ready,
}: {
  open: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  ready?: boolean;
}) {
  return (
    <ConfirmDialog
      open={open}
      title="Remove it?"
      confirmLabel="Remove"
      danger
      ready={ready}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {/* A choice before the buttons: showModal alone would focus it. */}
      <label>
        <input type="radio" name="x" /> First choice
      </label>
    </ConfirmDialog>
  );
}

describe("ConfirmDialog", () => {
  it("opens on Cancel even when choices come first, and acts only on Confirm", async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const { rerender } = render(<Harness open={false} onConfirm={onConfirm} onCancel={onCancel} />);
    rerender(<Harness open onConfirm={onConfirm} onCancel={onCancel} />);
    const dialog = screen.getByRole("dialog", { hidden: true }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel", hidden: true }));
    expect(onConfirm).not.toHaveBeenCalled();

    fireEvent(dialog, new Event("cancel", { cancelable: true }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole("button", { name: "Cancel", hidden: true }));
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onConfirm).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Remove", hidden: true }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it("keeps Confirm shut while the dialog is not ready, and Cancel open", () => {
    render(<Harness open ready={false} onConfirm={vi.fn()} onCancel={vi.fn()} />);
    expect((screen.getByRole("button", { name: "Remove", hidden: true }) as HTMLButtonElement).disabled).toBe(true);
    const cancel = screen.getByRole("button", { name: "Cancel", hidden: true }) as HTMLButtonElement;
    expect(cancel.disabled).toBe(false);
    expect(document.activeElement).toBe(cancel);
  });
});
