using System.Runtime.CompilerServices;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Fallback;
using Strands.Types;
using Xunit;

namespace Strands.Tests.Models;

public sealed class FallbackModelTests
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    [Fact]
    public async Task The_next_provider_gets_the_conversation_without_reasoning_and_with_ids_it_accepts()
    {
        var primary = new FailingModel("anthropic", "claude", new ModelException(ErrorIds.ModelThrottled, ErrorKind.LimitExceeded, "429"));
        var next = new FailingModel("gemini", "gemini-2.5-flash", null);
        var chain = new FallbackModel(primary, new IModel[] { next }, Array.Empty<IModel>());
        var longId = "call:" + new string('x', 60);
        var history = new[]
        {
            Message.UserText("q"),
            new Message(Role.Assistant, new ContentBlock[] { new ReasoningBlock("thinking", "anthropic-signature"), new ToolUseBlock(longId, "t", Empty, null, "gemini-signature") }),
            new Message(Role.User, new ContentBlock[] { ToolResultBlock.FromText(longId, ToolResultStatus.Success, "ok") }),
        };

        var events = new List<ModelStreamEvent>();
        await foreach (var e in chain.StreamAsync(new ModelRequest(history, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>()), CancellationToken.None)) events.Add(e);

        var fallback = Assert.IsType<ModelFallbackEvent>(events[0]);
        Assert.Equal("gemini", fallback.Model.Provider);
        Assert.Equal(ErrorIds.ModelThrottled, fallback.Fallback.ErrorId);
        var sent = next.Requests.Single().Messages;
        Assert.DoesNotContain(sent.SelectMany(m => m.Content), b => b is ReasoningBlock);
        var use = sent[1].Content.OfType<ToolUseBlock>().Single();
        Assert.Null(use.ReasoningSignature);
        Assert.Matches("^[a-zA-Z0-9_-]{1,40}$", use.ToolUseId);
        Assert.Equal(use.ToolUseId, sent[2].ToolResults.Single().ToolUseId);
        Assert.Same(history[0], sent[0]);
    }

    [Fact]
    public async Task Authentication_errors_do_not_fall_back()
    {
        var primary = new FailingModel("openai", "gpt-4o", new ModelException(ErrorIds.AuthenticationFailed, ErrorKind.Authentication, "401"));
        var next = new FailingModel("anthropic", "claude", null);
        var chain = new FallbackModel(primary, new IModel[] { next }, Array.Empty<IModel>());
        var ex = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var _ in chain.StreamAsync(new ModelRequest(new[] { Message.UserText("q") }, Array.Empty<ContentBlock>(), Array.Empty<ToolSpec>()), CancellationToken.None)) { }
        });
        Assert.Equal(ErrorIds.AuthenticationFailed, ex.ErrorId);
        Assert.Empty(next.Requests);
    }

    private sealed class FailingModel(string provider, string name, ModelException? failure) : IModel
    {
        public string Provider => provider;
        public string ModelName => name;
        public List<ModelRequest> Requests { get; } = new();

        public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Requests.Add(request);
            await Task.Yield();
            if (failure != null) throw failure;
            yield return new TextDeltaEvent("ok");
            yield return new MessageStopEvent(StopReason.EndTurn);
        }
    }
}
