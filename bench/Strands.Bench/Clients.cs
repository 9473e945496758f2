using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;
using Strands.Agent;
using Strands.Models.Http;
using Strands.Models.OpenAi;
using Strands.Tools;
using Strands.Types;
using AgentType = Strands.Agent.Agent;
using StrandsMessage = Strands.Types.Message;

namespace Strands.Bench;

/// <summary>One way of running an agent turn; each starts from an empty conversation so all send the same bytes.</summary>
internal interface ITurnClient
{
    string Name { get; }
    Task<string> RunTurnAsync();
}

internal sealed class FloorTurn : ITurnClient
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
    private readonly FloorClient _client;

    public FloorTurn(Uri baseUrl) => _client = new FloorClient(Http, new Uri(baseUrl, "/v1/chat/completions"));

    public string Name => "floor";

    public Task<string> RunTurnAsync() =>
        _client.RunTurnAsync(Wire.SystemPrompt, Wire.Prompt, Wire.ToolName, Wire.ToolDescription, Wire.ToolSchema, _ => Wire.ToolResult);
}

/// <summary>Strands.Core used directly: the model adapter and agent loop as the cmdlet runs them, minus PowerShell.</summary>
internal sealed class CoreTurn : ITurnClient
{
    private readonly AgentType _agent;

    public CoreTurn(Uri baseUrl)
    {
        var model = new OpenAiModel("openai", Wire.Model, new Uri(baseUrl, "/v1/chat/completions"), ApiKey.FromPlainText("sk-bench"),
            OpenAiAuthStyle.Bearer, null, new HttpSettings());
        _agent = new AgentType(model, new AgentOptions
        {
            SystemPrompt = new ContentBlock[] { new TextBlock(Wire.SystemPrompt) },
            Tools = new ITool[] { new LookupTool() },
        });
    }

    public string Name => "core";

    public async Task<string> RunTurnAsync()
    {
        _agent.LoadMessages(Array.Empty<StrandsMessage>());
        var result = await _agent.InvokeAsync(Wire.Prompt).ConfigureAwait(false);
        return result.Text;
    }

    private sealed class LookupTool : ITool
    {
        public ToolSpec Spec { get; } = new(Wire.ToolName, Wire.ToolDescription, JsonDocument.Parse(Wire.ToolSchema).RootElement.Clone());

        public Task<ToolOutput> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
        {
            _ = call.Arguments.GetProperty("city").GetString();
            return Task.FromResult(ToolOutput.Text(Wire.ToolResult));
        }
    }
}

/// <summary>The OpenAI .NET SDK doing the same turn the way its docs show (streaming, function tool, tool message).</summary>
internal sealed class SdkTurn : ITurnClient
{
    private readonly ChatClient _client;
    private readonly ChatCompletionOptions _options = new();

    public SdkTurn(Uri baseUrl)
    {
        _client = new ChatClient(Wire.Model, new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Endpoint = new Uri(baseUrl, "/v1") });
        _options.Tools.Add(ChatTool.CreateFunctionTool(Wire.ToolName, Wire.ToolDescription, BinaryData.FromString(Wire.ToolSchema)));
    }

    public string Name => "OpenAI SDK";

    public async Task<string> RunTurnAsync()
    {
        var messages = new List<ChatMessage> { new SystemChatMessage(Wire.SystemPrompt), new UserChatMessage(Wire.Prompt) };
        while (true)
        {
            var text = new StringBuilder();
            var arguments = new StringBuilder();
            string? id = null, name = null;
            ChatFinishReason? finish = null;
            await foreach (var update in _client.CompleteChatStreamingAsync(messages, _options).ConfigureAwait(false))
            {
                foreach (var part in update.ContentUpdate) text.Append(part.Text);
                foreach (var call in update.ToolCallUpdates)
                {
                    id ??= call.ToolCallId;
                    name ??= call.FunctionName;
                    if (call.FunctionArgumentsUpdate is { } args && !args.IsEmpty) arguments.Append(args.ToString());
                }
                finish = update.FinishReason ?? finish;
            }
            if (finish != ChatFinishReason.ToolCalls) return text.ToString();

            var json = arguments.ToString();
            using (var doc = JsonDocument.Parse(json)) _ = doc.RootElement.GetProperty("city").GetString();
            messages.Add(new AssistantChatMessage(new[] { ChatToolCall.CreateFunctionToolCall(id!, name!, BinaryData.FromString(json)) }));
            messages.Add(new ToolChatMessage(id!, Wire.ToolResult));
        }
    }
}
