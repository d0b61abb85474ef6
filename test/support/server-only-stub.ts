// Vitest runs server modules outside Next; the real "server-only" marker throws there.
export {};
