/** Operational commands Keyward sends, shared by the client, the snippets and the emulator's tests. */

/** The documented key check (PANDEV-XQS, KB-REST7). */
export const SHOW_SYSTEM_INFO_CMD = "<show><system><info></info></system></show>";

export const showJobCmd = (id: number) => `<show><jobs><id>${id}</id></jobs></show>`;
