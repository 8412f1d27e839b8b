// /models and chat completions (dated: /deployments/{name}/chat/completions; v1: /chat/completions with model).
import type { FastifyInstance } from "fastify";
import type { Services } from "../services";
import { datedModel, v1Model, type ModelInfo } from "../domain/models";
import { invalidPayload } from "../http/errors";
import { accountOf, type DataSurface } from "./context";

export function modelAndChatRoutes(app: FastifyInstance, s: Services, surface: DataSurface): void {
  const shape = (m: ModelInfo): object => (surface === "v1" ? v1Model(m) : datedModel(m));
  app.get("/models", async (req) => ({ object: "list", data: s.models.list(accountOf(s, req)).map(shape) }));
  app.get("/models/:modelId", async (req) => shape(s.models.get(accountOf(s, req), (req.params as { modelId: string }).modelId)));

  if (surface === "dated") {
    app.post("/deployments/:deployment/chat/completions", async (req) =>
      s.chat.complete(accountOf(s, req), (req.params as { deployment: string }).deployment, req.body));
  } else {
    app.post("/chat/completions", async (req) => {
      const model = (req.body as { model?: unknown } | undefined)?.model;
      if (typeof model !== "string" || !model) throw invalidPayload("model (the deployment name) is required.", "model");
      return s.chat.complete(accountOf(s, req), model, req.body);
    });
  }
}
