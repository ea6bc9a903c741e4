// The speed anchor for bench/mcp: the TypeScript SDK's own MCP server (@modelcontextprotocol/sdk
// 1.32.2, McpServer + StreamableHTTPServerTransport, JSON responses, one stateful session per
// initialize) with one tool that does one Ed25519 signature per call over the audience and nonce
// — the least work a proof tool can do. usage: node reference_server.mjs PORT
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import {z} from 'zod';
import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js';
import {StreamableHTTPServerTransport} from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const port = Number(process.argv[2]);
const {privateKey} = crypto.generateKeyPairSync('ed25519');
const transports = new Map();

function newServer() {
  const server = new McpServer({name: 'reference', version: '1.0.0'});
  server.registerTool('get_proof', {
    description: 'Signs the audience and nonce with Ed25519.',
    inputSchema: {format: z.string(), audience: z.string(), nonce: z.string(),
                  claims: z.array(z.string()).optional()},
  }, async ({audience, nonce}) => {
    const sig = crypto.sign(null, Buffer.from(`${audience}.${nonce}`), privateKey).toString('base64url');
    return {content: [{type: 'text', text: sig}], structuredContent: {presentation: sig}};
  });
  return server;
}

http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  const sid = req.headers['mcp-session-id'];
  let transport = sid ? transports.get(sid) : undefined;
  if (!transport) {
    if (sid) { res.writeHead(404).end(); return; }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(), enableJsonResponse: true,
      onsessioninitialized: id => transports.set(id, transport)});
    await newServer().connect(transport);
  }
  await transport.handleRequest(req, res, body);
}).listen(port, "127.0.0.1");
