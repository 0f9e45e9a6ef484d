// Chat models with scripted faults for graph tests (the provider protocol fakes live beside this file).
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import { ModelGateway } from "../../server/models/gateway";
import { testConfig } from "./fixtures";

/** Streams the given tokens, then throws: a provider whose stream is cut mid-answer. */
export class CutStreamChatModel extends BaseChatModel {
  constructor(
    private readonly tokens: string[],
    private readonly error = Object.assign(new Error("stream cut"), { status: 500 }),
  ) {
    super({});
  }
  _llmType(): string {
    return "cut-stream";
  }
  async _generate(): Promise<ChatResult> {
    throw this.error;
  }
  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    _options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    for (const text of this.tokens) {
      const chunk = new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
      yield chunk;
      await runManager?.handleLLMNewToken(text, undefined, undefined, undefined, undefined, { chunk });
    }
    throw this.error;
  }
}

/** Never answers until aborted: a provider that hangs. */
export class HangingChatModel extends BaseChatModel {
  _llmType(): string {
    return "hanging";
  }
  async _generate(_m: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    await new Promise((_, reject) =>
      options.signal?.addEventListener("abort", () => reject(options.signal?.reason)),
    );
    return { generations: [{ text: "", message: new AIMessage("") }] };
  }
}

/** Answers with a fixed text and remembers the messages of every call (to check what a model was sent). */
export class RecordingChatModel extends BaseChatModel {
  readonly calls: BaseMessage[][] = [];
  constructor(private readonly reply: string) {
    super({});
  }
  _llmType(): string {
    return "recording";
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.calls.push(messages);
    return { generations: [{ text: this.reply, message: new AIMessage(this.reply) }] };
  }
}

/** The app's gateway whose answer chain is one given chat model (a slow stream, to stop a turn in the middle). */
export class OneModelGateway extends ModelGateway {
  constructor(private readonly model: BaseChatModel) {
    super(testConfig());
  }
  override answerChain(): string[] {
    return ["fake:one"];
  }
  protected override chatModel(id: string, temperature: number): Promise<BaseChatModel> {
    return id === "fake:one" ? Promise.resolve(this.model) : super.chatModel(id, temperature);
  }
}
