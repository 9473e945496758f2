using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Agent;
using Strands.Models;
using Strands.StructuredOutput;
using Strands.Telemetry;
using Strands.Tools;
using Strands.Types;
using AgentType = Strands.Agent.Agent;

namespace Strands.EventLoop
{
    /// <summary>
    /// One invocation of the Strands event loop: call the model, run the tools it asks for, send
    /// the results back, repeat until it stops for another reason (strands-agents-semantics.md §1.3).
    /// Adds what Strands lacks: a cycle guard, bounded overflow retries and a structured-output retry cap.
    /// </summary>
    internal sealed class AgentLoop
    {
        private readonly AgentType _agent;
        private readonly List<Message> _messages;
        private readonly AgentObserver _observer;
        private readonly StructuredOutputRequest? _output;
        private readonly int _maxCycles;
        private readonly List<ToolCallRecord> _toolCalls = new();

        public AgentLoop(AgentType agent, List<Message> messages, AgentObserver observer, StructuredOutputRequest? output, int maxCycles)
        {
            _agent = agent;
            _messages = messages;
            _observer = observer;
            _output = output;
            _maxCycles = maxCycles;
        }

        public InvocationMetrics Metrics { get; } = new();

        public async Task<AgentResult> RunAsync(IReadOnlyList<ContentBlock> prompt, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                Repair("Tool was interrupted.");
                if (prompt.Count > 0) Append(new Message(Role.User, prompt));
                return await CyclesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Repair("Tool execution cancelled");
                throw;
            }
            catch
            {
                Repair("Tool was interrupted.");
                throw;
            }
            finally
            {
                Metrics.Finish(clock.Elapsed);
            }
        }

        private async Task<AgentResult> CyclesAsync(CancellationToken cancellationToken)
        {
            var cycle = 0;
            var reductions = 0;
            var invalidOutputs = 0;
            var forced = false;
            while (true)
            {
                if (++cycle > _maxCycles)
                    throw new AgentInvocationException(ErrorIds.MaxCyclesExceeded, "LimitsExceeded",
                        $"The agent ran {_maxCycles} cycles without finishing (-MaxCycles). The conversation is kept; raise -MaxCycles or check the tools' results.",
                        LastAssistantText());
                _observer.OnCycleStart(cycle);

                MessageAssembler reply;
                try
                {
                    reply = await CallModelAsync(forced, cancellationToken).ConfigureAwait(false);
                }
                catch (ContextWindowOverflowException) when (reductions < _agent.Options.MaxContextReductions && Reduce())
                {
                    reductions++;
                    cycle--;
                    continue;
                }
                Metrics.StartCycle();

                var message = reply.Build();
                if (reply.StopReason == StopReason.MaxTokens)
                {
                    // An unfinished tool call cannot be answered: keep only the text (Strands' recovery).
                    var kept = message.Content.Where(b => b is not ToolUseBlock).ToArray();
                    if (kept.Length > 0) Append(new Message(Role.Assistant, kept));
                    throw new AgentInvocationException(ErrorIds.MaxTokensReached, "LimitsExceeded",
                        "The model reached its output token limit before finishing. Raise max_tokens in -Params; the partial text is in the error's PartialText.",
                        reply.PartialText);
                }
                Append(NormalizeForHistory(message));

                if (reply.StopReason != StopReason.ToolUse)
                {
                    if (_output == null) return Result(reply.StopReason, message, null);
                    if (forced)
                        throw new AgentInvocationException(ErrorIds.StructuredOutputInvalid, "InvalidResult",
                            $"The model did not call the structured output tool '{_output.Spec.Name}' even when required to.", message.Text);
                    forced = true;
                    Append(Message.UserText(StructuredOutputRequest.ForcePrompt));
                    continue;
                }

                var (results, output, outputErrors) = await RunToolsAsync(message, cancellationToken).ConfigureAwait(false);
                Append(new Message(Role.User, results));
                if (output is JsonElement structured) return Result(StopReason.ToolUse, message, structured);
                if (outputErrors != null && ++invalidOutputs > _output!.MaxRetries)
                    throw new AgentInvocationException(ErrorIds.StructuredOutputInvalid, "InvalidResult",
                        $"The model's output for '{_output.Spec.Name}' was still invalid after {_output.MaxRetries} retries:\n- " + string.Join("\n- ", outputErrors),
                        message.Text);
            }
        }

        private async Task<MessageAssembler> CallModelAsync(bool forced, CancellationToken cancellationToken)
        {
            IReadOnlyList<ToolSpec> tools = _agent.Tools.Specs;
            ToolChoice? choice = null;
            if (_output != null)
            {
                tools = forced ? new[] { _output.Spec } : tools.Concat(new[] { _output.Spec }).ToArray();
                if (forced) choice = ToolChoice.Tool(_output.Spec.Name);
            }
            Message[] history;
            lock (_messages) history = _messages.ToArray();
            var request = new ModelRequest(history, _agent.Options.SystemPrompt, tools, choice, _observer.Trace);

            var assembler = new MessageAssembler();
            var clock = Stopwatch.StartNew();
            TimeSpan? firstByte = null;
            await foreach (var e in _agent.Model.StreamAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (firstByte == null && e is TextDeltaEvent or ToolUseStartEvent or ReasoningDeltaEvent) firstByte = clock.Elapsed;
                assembler.Add(e);
                _observer.OnStreamEvent(e);
            }
            var usage = assembler.Usage ?? Usage.Zero;
            var cost = assembler.ProviderCostUsd ?? CostCalculator.Estimate(_agent.Model.Provider, _agent.Model.ModelName, usage);
            var call = new ModelCallRecord(_agent.Model.Provider, _agent.Model.ModelName, usage, clock.Elapsed, firstByte, cost, assembler.StopReason);
            Metrics.RecordModelCall(call);
            _observer.OnModelCall(call);
            return assembler;
        }

        private async Task<(ContentBlock[] Results, JsonElement? Output, IReadOnlyList<string>? OutputErrors)> RunToolsAsync(Message message, CancellationToken cancellationToken)
        {
            var executor = new ToolExecutor(_agent.Tools, _agent.Options.ToolTimeout);
            var results = new List<ContentBlock>();
            JsonElement? output = null;
            IReadOnlyList<string>? outputErrors = null;
            foreach (var use in message.ToolUses)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                ToolResultBlock result;
                bool ran;
                if (_output != null && use.Name == _output.Spec.Name)
                {
                    (result, var errors) = await CheckOutputAsync(use, cancellationToken).ConfigureAwait(false);
                    if (errors == null) output = use.Input;
                    else outputErrors = errors;
                    ran = true;
                }
                else
                {
                    _observer.OnToolStart(use);
                    (result, ran) = await executor.ExecuteAsync(use, cancellationToken).ConfigureAwait(false);
                }
                var elapsed = clock.Elapsed;
                Metrics.RecordTool(use.Name, result.Status == ToolResultStatus.Success, elapsed);
                _toolCalls.Add(new ToolCallRecord(use.ToolUseId, use.Name, use.Input, result.Status, result.ToText(), elapsed));
                _observer.OnToolResult(use, result, elapsed);
                results.Add(result);
            }
            return (results.ToArray(), output, outputErrors);
        }

        private async Task<(ToolResultBlock, IReadOnlyList<string>?)> CheckOutputAsync(ToolUseBlock use, CancellationToken cancellationToken)
        {
            var name = _output!.Spec.Name;
            IReadOnlyList<string> errors;
            if (!string.IsNullOrWhiteSpace(use.RawInput) && !IsJson(use.RawInput!))
                errors = new[] { "Input is not valid JSON" };
            else
            {
                errors = JsonSchemaValidator.Validate(use.Input, _output.Spec.InputSchema);
                if (errors.Count == 0 && _output.Validate != null)
                    errors = await _output.Validate(use.Input, cancellationToken).ConfigureAwait(false);
            }
            if (errors.Count == 0)
                return (ToolResultBlock.FromText(use.ToolUseId, ToolResultStatus.Success, $"Successfully validated {name} structured output"), null);
            return (ToolResultBlock.FromText(use.ToolUseId, ToolResultStatus.Error,
                $"Validation failed for {name}. Please fix the following errors:\n- " + string.Join("\n- ", errors)), errors);
        }

        private static bool IsJson(string text)
        {
            try { using var _ = JsonDocument.Parse(text); return true; }
            catch (JsonException) { return false; }
        }

        // Strands' _normalize_messages: providers reject empty assistant turns and blank text beside tool calls.
        private static Message NormalizeForHistory(Message message)
        {
            var blocks = message.Content.ToList();
            if (blocks.Any(b => b is ToolUseBlock)) blocks.RemoveAll(b => b is TextBlock t && string.IsNullOrWhiteSpace(t.Text));
            if (blocks.Count == 0) blocks.Add(new TextBlock("[blank text]"));
            return blocks.Count == message.Content.Count ? message : message with { Content = blocks.ToArray() };
        }

        private bool Reduce()
        {
            lock (_messages) return _agent.ConversationManager.ReduceContext(_messages);
        }

        private void Append(Message message)
        {
            lock (_messages) _messages.Add(message);
            _observer.OnMessageAdded(message);
        }

        private void Repair(string reason)
        {
            lock (_messages) HistoryRepair.AnswerDanglingToolUses(_messages, reason);
        }

        private string LastAssistantText()
        {
            lock (_messages) return _messages.LastOrDefault(m => m.Role == Role.Assistant)?.Text ?? string.Empty;
        }

        private AgentResult Result(StopReason reason, Message message, JsonElement? output) =>
            new(reason, message, Metrics, _toolCalls.ToArray(), output);
    }
}
