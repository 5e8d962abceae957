/**
 * Stands in for code-server in launcher tests: takes its arguments, serves /healthz on the
 * --bind-addr, and reports what it was started with. FAKE_CODE_SERVER_MODE picks a failure:
 * "exit" (dies at start, saying why) or "silent" (runs but never answers).
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";

const args = process.argv.slice(2);
const mode = process.env.FAKE_CODE_SERVER_MODE;
const bindAddress = args[args.indexOf("--bind-addr") + 1] ?? "";
const [host, port] = bindAddress.split(":");

if (mode === "exit") {
  console.error("error: the fake code-server was told to fail");
  process.exit(3);
}

// A grandchild, as code-server starts extension hosts: stopping must reach it too.
const helper = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });

const server = createServer((request, response) => {
  if (request.url === "/healthz") {
    response.end('{"status":"alive"}');
  } else if (request.url === "/exit") {
    response.end("bye", () => process.exit(0));
  } else if (request.url === "/started-with") {
    const hasToken = process.env.GANGWAY_AGENT_TOKEN !== undefined;
    response.end(JSON.stringify({ args, cwd: process.cwd(), hasToken, pid: process.pid, helperPid: helper.pid }));
  } else {
    response.end("<html>fake workbench</html>");
  }
});

if (mode !== "silent") server.listen(Number(port), host);
else setInterval(() => {}, 1000);
