/**
 * Who asks the user to confirm it is them (sudo mode): set by <SudoDialog>, called by the API
 * client when the server answers "sudo_required". A module of its own so that the console frame
 * can register the prompt without carrying the API client.
 */
type SudoPrompt = (reason: string) => Promise<boolean>;
let current: SudoPrompt | null = null;

export function registerSudoPrompt(prompt: SudoPrompt | null): void {
  current = prompt;
}

export function sudoPrompt(): SudoPrompt | null {
  return current;
}
