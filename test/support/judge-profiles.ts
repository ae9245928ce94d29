/**
 * The judge profiles integration tests call by name (`"judge": "<name>"` in a request), all pointing at
 * the fake model server. The model name carries the fake's behaviour (scripts/fake-model/behaviour.ts),
 * so each profile is one kind of model: healthy, slow, flaky, broken.
 */
export function testJudgeProfiles(fakeModelUrl: string): Record<string, Record<string, unknown>> {
  const ollama = (model: string, extra: Record<string, unknown> = {}) => ({ provider: "ollama", base_url: fakeModelUrl, model, ...extra });
  const openai = (model: string, extra: Record<string, unknown> = {}) => ({ provider: "openai", base_url: `${fakeModelUrl}/v1`, model, ...extra });
  return {
    ollama: ollama("fake"),
    openai: openai("fake+auth=sk-test", { api_key: "sk-test" }),
  };
}
