// /models and chat completions (dated: /deployments/{name}/chat/completions; v1: /chat/completions with model),
// as JSON or, with stream: true, as server-sent events; /responses (both surfaces, model = deployment).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { asEventStream } from "../domain/chat";
import { datedModel, type ModelInfo, v1Model } from "../domain/models";
import { respond } from "../domain/responses";
import { invalidPayload } from "../http/errors";
import type { Services } from "../services";
import { accountOf, type DataSurface } from "./context";

export function modelAndChatRoutes(app: FastifyInstance, s: Services, surface: DataSurface): void {
  const shape = (m: ModelInfo): object => (surface === "v1" ? v1Model(m) : datedModel(m));
  app.get("/models", async (req) => ({ object: "list", data: s.models.list(accountOf(s, req)).map(shape) }));
  app.get("/models/:modelId", async (req) =>
    shape(s.models.get(accountOf(s, req), (req.params as { modelId: string }).modelId)),
  );

  const answer = (req: FastifyRequest, reply: FastifyReply, deployment: string) => {
    const completion = s.chat.complete(accountOf(s, req), deployment, req.body);
    const body = req.body as { stream?: unknown; stream_options?: { include_usage?: unknown } };
    if (body.stream !== true) return completion;
    return reply.type("text/event-stream").send(asEventStream(completion, body.stream_options?.include_usage === true));
  };
  // The Responses API: account-scoped on both surfaces, the deployment named by `model`.
  app.post("/responses", async (req) => respond(s.chat, accountOf(s, req), req.body));
  if (surface === "dated") {
    app.post("/deployments/:deployment/chat/completions", async (req, reply) =>
      answer(req, reply, (req.params as { deployment: string }).deployment),
    );
  } else {
    app.post("/chat/completions", async (req, reply) => {
      const model = (req.body as { model?: unknown } | undefined)?.model;
      if (typeof model !== "string" || !model)
        throw invalidPayload("model (the deployment name) is required.", "model");
      return answer(req, reply, model);
    });
  }
}
