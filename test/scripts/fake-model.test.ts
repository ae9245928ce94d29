import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { behaviourOf } from "../../scripts/fake-model/behaviour.ts";
import { startFakeModelServer, type FakeModelServer } from "../../scripts/fake-model/server.ts";

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(() => fake.close());

const schema = {
  type: "object",
  properties: { COHERENCE: { type: "object" }, ELEGANCE: { type: "object" } },
  required: ["COHERENCE", "ELEGANCE"],
  additionalProperties: false,
};

function openai(model: string, user: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return fetch(`${fake.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      model,
      messages: [{ role: "system", content: "Score as JSON." }, { role: "user", content: user }],
      temperature: 0,
      seed: 1,
      response_format: { type: "json_schema", json_schema: { name: "scores", strict: true, schema } },
      ...extra,
    }),
  });
}

describe("the fake model server", () => {
  it("answers OpenAI chat completions with every schema property scored, and usage", async () => {
    const reply = await openai("fake+score=70", "judge this: marker-openai");
    expect(reply.status).toBe(200);
    const body = (await reply.json()) as any;
    expect(body).toMatchObject({ object: "chat.completion", choices: [{ finish_reason: "stop", message: { role: "assistant" } }] });
    expect(JSON.parse(body.choices[0].message.content)).toMatchObject({ COHERENCE: { score: 70 }, ELEGANCE: { score: 70 } });
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("answers Ollama /api/chat with the format schema, and eval counts", async () => {
    const reply = await fetch(`${fake.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "fake", messages: [{ role: "user", content: "marker-ollama" }], stream: false, format: schema, options: { temperature: 0, seed: 1 } }),
    });
    const body = (await reply.json()) as any;
    expect(body).toMatchObject({ done: true, message: { role: "assistant" } });
    expect(Object.keys(JSON.parse(body.message.content))).toEqual(["COHERENCE", "ELEGANCE"]);
    expect(body.prompt_eval_count).toBeGreaterThan(0);
    expect(body.eval_count).toBeGreaterThan(0);
  });

  it("plays the modes of successive attempts, with Retry-After on 429", async () => {
    const model = "fake+modes=429,500,ok+retry-after=3";
    const first = await openai(model, "marker-modes");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("3");
    expect(((await first.json()) as any).error.type).toBe("rate_limit_exceeded");
    expect((await openai(model, "marker-modes")).status).toBe(500);
    expect((await openai(model, "marker-modes")).status).toBe(200);
    const log = (await (await fetch(`${fake.url}/__calls?contains=marker-modes`)).json()) as any;
    expect(log.calls.map((call: any) => call.status)).toEqual([429, 500, 200]);
  });

  it("refuses what the real servers refuse", async () => {
    expect((await openai("fake+auth=sk-1", "x")).status).toBe(401);
    expect((await openai("fake+auth=sk-1", "x", {}, { authorization: "Bearer sk-1" })).status).toBe(200);
    expect((await openai("fake+noschema", "x")).status).toBe(400);
    const fallback = await openai("fake+noschema", `answer in JSON matching ${JSON.stringify(schema)}`, { response_format: { type: "json_object" } });
    expect(fallback.status).toBe(200);
    await fallback.arrayBuffer();
    const streaming = await fetch(`${fake.url}/api/chat`, { method: "POST", body: JSON.stringify({ model: "fake", messages: [{ role: "user", content: "x" }], format: schema }) });
    expect(streaming.status).toBe(400);
    await streaming.arrayBuffer();
  });

  it("rejects unknown directives loudly", () => {
    expect(() => behaviourOf("fake+modes=sometimes", 0)).toThrow(/unknown mode/);
    expect(() => behaviourOf("fake+colour=blue", 0)).toThrow(/unknown directive/);
  });
});
