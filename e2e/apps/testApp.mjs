// A small web app the e2e tests start inside a workspace (from its terminal), to exercise
// everything an app needs through the tunnel: a page with assets, a WebSocket echo, a
// redirect, cookies, a large download and Range requests. Usage: node testApp.mjs <port> [name]
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { WebSocketServer } from "ws";

const port = Number(process.argv[2] ?? 8000);
const name = process.argv[3] ?? "test app";
const MIB = 1024 * 1024;

/** Byte `i` of every download: a pattern the reader can check without holding the body. */
const patternByte = (index) => index % 251;

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body><h1 id="name">${name}</h1>
<p>WebSocket: <span id="ws">waiting</span></p>
<p><a id="redirect" href="/redirect">redirect</a></p>
<script src="/static/app.js"></script></body></html>`;

const script = `
const status = document.getElementById("ws");
const socket = new WebSocket(location.origin.replace(/^http/, "ws") + "/echo", ["echo.v1"]);
socket.binaryType = "arraybuffer";
const seen = [];
socket.onopen = () => { socket.send("hello from " + document.title); socket.send(new Uint8Array([1, 2, 3, 250])); };
socket.onmessage = (event) => {
  seen.push(typeof event.data === "string" ? event.data : "bytes:" + Array.from(new Uint8Array(event.data)).join(","));
  if (seen.length === 2) status.textContent = seen.join(" | ") + " | protocol " + socket.protocol;
};
socket.onerror = () => { status.textContent = "error"; };
`;

const style = "body { font-family: sans-serif; background: rgb(240, 248, 255); } h1 { color: rgb(0, 90, 160); }";

function download(request, response, url) {
  const total = Math.round(Number(url.searchParams.get("mb") ?? "1") * MIB);
  let start = 0;
  let end = total - 1;
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
  if (range) {
    start = Number(range[1]);
    end = range[2] ? Math.min(Number(range[2]), total - 1) : total - 1;
    if (start > end) {
      response.writeHead(416, { "content-range": `bytes */${total}` }).end();
      return;
    }
  }
  const headers = {
    "content-type": "application/octet-stream",
    "content-length": String(end - start + 1),
    "accept-ranges": "bytes",
  };
  if (range) headers["content-range"] = `bytes ${start}-${end}/${total}`;
  response.writeHead(range ? 206 : 200, headers);
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  let offset = start;
  const chunk = 64 * 1024;
  const pump = () => {
    while (offset <= end) {
      const size = Math.min(chunk, end - offset + 1);
      const bytes = Buffer.allocUnsafe(size);
      for (let index = 0; index < size; index++) bytes[index] = patternByte(offset + index);
      offset += size;
      if (!response.write(bytes)) {
        response.once("drain", pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://app");
  switch (url.pathname) {
    case "/":
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      return;
    case "/static/app.js":
      response.writeHead(200, { "content-type": "text/javascript" }).end(script);
      return;
    case "/static/style.css": {
      // Compressed when the browser side asks for it, as most dev servers do.
      const gzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
      response.writeHead(200, { "content-type": "text/css", ...(gzip ? { "content-encoding": "gzip" } : {}) });
      response.end(gzip ? gzipSync(style) : style);
      return;
    }
    case "/redirect":
      response.writeHead(302, { location: `http://127.0.0.1:${server.address().port}/landed?from=redirect` }).end();
      return;
    case "/landed":
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(`<!doctype html><title>landed</title><h1 id="landed">${url.search}</h1>`);
      return;
    case "/set-cookie":
      response.writeHead(200, {
        "content-type": "application/json",
        "set-cookie": ["visible=seen-by-scripts; Path=/", "secret=server-only; Path=/; HttpOnly"],
      });
      response.end("{}");
      return;
    case "/cookies":
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ cookie: request.headers.cookie ?? "" }));
      return;
    case "/headers":
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(request.headers));
      return;
    case "/download":
      download(request, response, url);
      return;
    default:
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
});

const sockets = new WebSocketServer({
  server,
  path: "/echo",
  handleProtocols: (offered) => offered.values().next().value ?? false,
});
sockets.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
});

server.listen(port, "127.0.0.1", () => console.log(`${name} listening on ${server.address().port}`));
