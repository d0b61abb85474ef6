"use client";

import { useState, type FormEvent } from "react";
import { EVENT_INFO, NOTIFY_EVENTS, type NotifyEvent } from "@/lib/notify/events";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { buttonClass } from "../ui/styles";

/** One's own mutes: an event muted here reaches this person on no channel, in this team. */
export function MuteForm({ initial }: { initial: NotifyEvent[] }) {
  const [muted, setMuted] = useState<NotifyEvent[]>(initial);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    async () => {
      setSaved(false);
      await api("PUT /api/notifications/mutes", { body: { muted } });
      setSaved(true);
    },
    { fallback: "Your choices were not saved." },
  );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void save.run();
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {save.error ? (
        <Alert tone="error">{save.error}</Alert>
      ) : saved ? (
        <Alert tone="success">Your choices are saved.</Alert>
      ) : null}
      <fieldset className="grid gap-2 sm:grid-cols-2">
        <legend className="sr-only">Events to mute</legend>
        {NOTIFY_EVENTS.map((event) => (
          <label key={event} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={muted.includes(event)}
              onChange={(e) => setMuted((m) => (e.target.checked ? [...m, event] : m.filter((x) => x !== event)))}
            />
            <span>Mute “{EVENT_INFO[event].label}”</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={save.busy} className={buttonClass.secondary}>
        {save.busy ? "Saving…" : "Save my choices"}
      </button>
    </form>
  );
}
