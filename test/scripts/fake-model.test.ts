import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { behaviourOf } from "../../scripts/fake-model/behaviour.ts";
import { plannedExpectation } from "../../scripts/fake-model/logprobs.ts";
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

  it("plans scores per dimension, so jurors on different models score differently", async () => {
    const reply = await openai("fake+score=50+scores=COHERENCE:91", "marker-planned");
    const body = (await reply.json()) as any;
    expect(JSON.parse(body.choices[0].message.content)).toMatchObject({ COHERENCE: { score: 91 }, ELEGANCE: { score: 50 } });
    expect(() => behaviourOf("fake+scores=coherence:1", 0)).toThrow(/DIMENSION:score/);
    expect(() => behaviourOf("fake+scores=COHERENCE:101", 0)).toThrow(/0\.\.100/);
  });
});

describe("token probabilities (logprobs: true, top_logprobs)", () => {
  it("OpenAI: choices[0].logprobs.content tokens spell the content, with bytes and the planned alternatives at each score", async () => {
    const reply = await openai("fake+scores=COHERENCE:70,ELEGANCE:98", "marker-lp-openai", { logprobs: true, top_logprobs: 20 });
    const body = (await reply.json()) as any;
    const { content } = body.choices[0].logprobs;
    expect(content.map((entry: any) => entry.token).join("")).toBe(body.choices[0].message.content);
    const score = content.find((entry: any) => entry.token === "70");
    expect(score).toMatchObject({ logprob: Math.log(0.6), bytes: [55, 48] });
    expect(score.top_logprobs.map((alt: any) => [alt.token, Math.round(Math.exp(alt.logprob) * 100) / 100])).toEqual([["70", 0.6], ["75", 0.25], ["65", 0.1], ['"', 0.05]]);
    expect(score.top_logprobs[0].bytes).toEqual([55, 48]);
    expect(content.find((entry: any) => entry.token === "rationale")).toMatchObject({ logprob: 0, top_logprobs: [{ token: "rationale", logprob: 0 }] });
    expect(plannedExpectation(70)).toBe(70.79);
    expect(plannedExpectation(98)).toBe(97.29); // 103 is not a score: (0.6·98 + 0.1·93) / 0.7
    const log = (await (await fetch(`${fake.url}/__calls?contains=marker-lp-openai`)).json()) as any;
    expect(log.calls[0].logprobs).toBe(true);
  });

  it("Ollama: top-level logprobs without bytes; top_logprobs caps the alternatives", async () => {
    const reply = await fetch(`${fake.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "fake+score=40", messages: [{ role: "user", content: "marker-lp-ollama" }], stream: false, format: schema, logprobs: true, top_logprobs: 2 }),
    });
    const body = (await reply.json()) as any;
    expect(body.logprobs.map((entry: any) => entry.token).join("")).toBe(body.message.content);
    const score = body.logprobs.find((entry: any) => entry.token === "40");
    expect(score.bytes).toBeUndefined();
    expect(score.top_logprobs).toEqual([{ token: "40", logprob: Math.log(0.6) }, { token: "45", logprob: Math.log(0.25) }]);
  });

  it("no probabilities unless asked, nor from a model without them; malformed options refused", async () => {
    const plain = (await (await openai("fake", "marker-lp-none")).json()) as any;
    expect(plain.choices[0].logprobs).toBeNull();
    const without = (await (await openai("fake+nologprobs", "marker-lp-none", { logprobs: true, top_logprobs: 20 })).json()) as any;
    expect(without.choices[0].logprobs).toBeNull();
    const ollama = await fetch(`${fake.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "fake+nologprobs", messages: [{ role: "user", content: "x" }], stream: false, format: schema, logprobs: true, top_logprobs: 20 }),
    });
    expect("logprobs" in ((await ollama.json()) as any)).toBe(false);
    const bad = await openai("fake", "x", { top_logprobs: 5 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/logprobs must be set to true/);
    const tooMany = await openai("fake", "x", { logprobs: true, top_logprobs: 21 });
    expect(tooMany.status).toBe(400);
    await tooMany.arrayBuffer();
  });
});
