/**
 * Preloaded into `next start` by scripts/start.ts (`node --import`). Next fills in
 * X-Forwarded-For with the socket's address only when the client did not send one, so on its
 * own a client could name any address it likes. This stamps every request with the address the
 * connection really comes from, in a header no client can set (any value it sent is replaced);
 * lib/auth/client-address.ts reads it.
 */
import http from "node:http";

const HEADER = "x-keyward-client-address";
const emit = http.Server.prototype.emit;

http.Server.prototype.emit = function emitWithClientAddress(event, ...args) {
  if (event === "request") {
    const req = args[0];
    req.headers[HEADER] = req.socket?.remoteAddress ?? "";
  }
  return emit.call(this, event, ...args);
};
