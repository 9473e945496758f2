using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Agent;
using Strands.Hooks;
using Strands.Internal;
using Strands.Models;
using Strands.Models.Fallback;
using Strands.StructuredOutput;
using Strands.Telemetry;
using Strands.Tools;
using Strands.Types;
using AgentType = Strands.Agent.Agent;

namespace Strands.EventLoop
{
    /// <summary>
    /// One invocation of the Strands event loop: call the model, run the tools it asks for, send
    /// the results back, repeat until it stops for another reason (docs/agent-loop-semantics.md, One invocation).
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
        // Hook events are built only when a hook listens (`if (!_hooks.IsEmpty)`): most agents have
        // none, and every raise allocated its event object all the same.
        private readonly HookRunner _hooks;
        // Null unless a budget is set, so an agent without one pays nothing per call.
        private readonly BudgetGuard? _budget;
        // This invocation's last reply text, the partial text of BudgetExceeded (kept only under a budget).
        private string _lastReplyText = string.Empty;

        public AgentLoop(AgentType agent, List<Message> messages, AgentObserver observer, StructuredOutputRequest? output, int maxCycles, Budget? budget = null)
        {
            _agent = agent;
            _messages = messages;
            _observer = observer;
            _output = output;
            _maxCycles = maxCycles;
            _hooks = new HookRunner(agent.Options.Hooks);
            if (agent.Options.Budget is { IsEmpty: false } || budget is { IsEmpty: false })
                _budget = new BudgetGuard(agent.Options.Budget, agent.AccumulatedMetrics, budget);
        }

        public InvocationMetrics Metrics { get; } = new();

        public async Task<AgentResult> RunAsync(IReadOnlyList<ContentBlock> prompt, CancellationToken cancellationToken)
        {
            // Null unless something listens to the source: no span, no allocation.
            using var span = AgentTracing.StartInvocation(_agent.Name, _agent.Model.Provider, _agent.Model.ModelName);
            if (span != null) AgentTracing.Prompt(span, prompt);
            AgentResult result;
            try
            {
                result = await RunCyclesAsync(prompt, cancellationToken).ConfigureAwait(false);
                if (span != null) AgentTracing.EndInvocation(span, Metrics, result.Text);
            }
            catch (Exception ex)
            {
                if (span != null)
                {
                    AgentTracing.EndInvocation(span, Metrics, null);
                    AgentTracing.Fail(span, ex);
                }
                // The invocation's own error is what the caller needs; a hook failing while it
                // reports that error must not replace it, and after Ctrl+C no hook can run anyway.
                if (!cancellationToken.IsCancellationRequested)
                {
                    try { await _hooks.RaiseAsync(new AfterInvocationEvent(_agent, null, ex), cancellationToken).ConfigureAwait(false); }
                    catch (Exception) { }
                }
                throw;
            }
            if (!_hooks.IsEmpty) await _hooks.RaiseAsync(new AfterInvocationEvent(_agent, result, null), cancellationToken).ConfigureAwait(false);
            return result;
        }

        private async Task<AgentResult> RunCyclesAsync(IReadOnlyList<ContentBlock> prompt, CancellationToken cancellationToken)
        {
            var clock = ValueStopwatch.StartNew();
            try
            {
                Repair("Tool was interrupted.");
                if (!_hooks.IsEmpty) await _hooks.RaiseAsync(new BeforeInvocationEvent(_agent, prompt), cancellationToken).ConfigureAwait(false);
                // An agent already over its budget refuses before the prompt joins the conversation.
                if (_budget?.Reached(string.Empty) is { } spent) throw spent;
                if (prompt.Count > 0) await AppendAsync(new Message(Role.User, prompt), cancellationToken).ConfigureAwait(false);
                return await CyclesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Repair("Tool execution cancelled");
                throw;
            }
            catch (AgentInvocationException ex) when (ex.ErrorId == ErrorIds.BudgetExceeded)
            {
                Repair("Tool not run: the budget was reached.");
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
                    throw new AgentInvocationException(ErrorIds.MaxCyclesExceeded, ErrorKind.LimitExceeded,
                        ErrorText.Of($"The agent ran {_maxCycles} cycles without finishing ({Setting.MaxCycles}). The conversation is kept; raise {Setting.MaxCycles} or check the tools' results."),
                        LastAssistantText());
                if (_budget?.Reached(_lastReplyText) is { } spent) throw spent;
                using var cycleSpan = AgentTracing.StartCycle(cycle);
                _observer.OnCycleStart(cycle);

                MessageAssembler reply;
                ModelCallRecord call;
                if (!_hooks.IsEmpty) await _hooks.RaiseAsync(new BeforeModelCallEvent(_agent, cycle), cancellationToken).ConfigureAwait(false);
                try
                {
                    (reply, call) = await CallModelAsync(forced, cancellationToken).ConfigureAwait(false);
                }
                catch (ContextWindowOverflowException) when (reductions < _agent.Options.MaxContextReductions && Reduce())
                {
                    reductions++;
                    cycle--;
                    continue;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !_hooks.IsEmpty)
                {
                    // Hooks hear about the failed call; the model's error is still what the caller gets.
                    try { await _hooks.RaiseAsync(new AfterModelCallEvent(_agent, cycle, null, null, ex), cancellationToken).ConfigureAwait(false); }
                    catch (Exception) { }
                    throw;
                }
                Metrics.StartCycle();

                var message = reply.Build();
                if (_budget != null) _lastReplyText = message.Text;
                if (!_hooks.IsEmpty) await _hooks.RaiseAsync(new AfterModelCallEvent(_agent, cycle, message, call, null), cancellationToken).ConfigureAwait(false);
                if (reply.StopReason == StopReason.MaxTokens)
                {
                    // An unfinished tool call cannot be answered: keep only the text (Strands' recovery).
                    var kept = message.Content.Where(b => b is not ToolUseBlock).ToArray();
                    if (kept.Length > 0) await AppendAsync(new Message(Role.Assistant, kept), cancellationToken).ConfigureAwait(false);
                    throw new AgentInvocationException(ErrorIds.MaxTokensReached, ErrorKind.LimitExceeded,
                        ErrorText.Of($"The model reached its output token limit before finishing. Raise max_tokens in {Setting.ModelParameters}; the partial text is in the error's PartialText."),
                        reply.PartialText);
                }
                await AppendAsync(NormalizeForHistory(message), cancellationToken).ConfigureAwait(false);

                if (reply.StopReason != StopReason.ToolUse)
                {
                    if (_output == null) return Result(reply.StopReason, message, null);
                    if (forced)
                        throw new AgentInvocationException(ErrorIds.StructuredOutputInvalid, ErrorKind.InvalidResult,
                            ErrorText.Plain($"The model did not call the structured output tool '{_output.Spec.Name}' even when required to."), message.Text);
                    forced = true;
                    await AppendAsync(Message.UserText(StructuredOutputRequest.ForcePrompt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // The tools' results would need another model call, which the budget no longer allows.
                if (_budget?.Reached(message.Text) is { } over) throw over;
                var (results, output, outputErrors) = await RunToolsAsync(message, cancellationToken).ConfigureAwait(false);
                await AppendAsync(new Message(Role.User, results), cancellationToken).ConfigureAwait(false);
                if (output is JsonElement structured) return Result(StopReason.ToolUse, message, structured);
                if (outputErrors != null && ++invalidOutputs > _output!.MaxRetries)
                    throw new AgentInvocationException(ErrorIds.StructuredOutputInvalid, ErrorKind.InvalidResult,
                        ErrorText.Plain($"The model's output for '{_output.Spec.Name}' was still invalid after {_output.MaxRetries} retries:\n- " + string.Join("\n- ", outputErrors)),
                        message.Text);
            }
        }

        private async Task<(MessageAssembler, ModelCallRecord)> CallModelAsync(bool forced, CancellationToken cancellationToken)
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
            var clock = ValueStopwatch.StartNew();
            TimeSpan? firstByte = null;
            var answering = _agent.Model;
            List<ModelFallback>? fallbacks = null;
            using var span = AgentTracing.StartChat(_agent.Model.Provider, _agent.Model.ModelName);
            try
            {
                await foreach (var e in _agent.Model.StreamAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    if (e is ModelFallbackEvent fallback)
                    {
                        // Nothing of the failed model's reply was streamed: the next model's reply is the call's.
                        answering = fallback.Model;
                        (fallbacks ??= new List<ModelFallback>()).Add(fallback.Fallback);
                        _observer.OnStreamEvent(e);
                        continue;
                    }
                    if (firstByte == null && e is TextDeltaEvent or ToolUseStartEvent or ReasoningDeltaEvent) firstByte = clock.Elapsed;
                    assembler.Add(e);
                    _observer.OnStreamEvent(e);
                }
            }
            catch (Exception ex) when (span != null)
            {
                AgentTracing.Fail(span, ex);
                throw;
            }
            var usage = assembler.Usage ?? Usage.Zero;
            var cost = assembler.ProviderCostUsd ?? CostCalculator.Estimate(answering.Provider, answering.ModelName, usage);
            var call = new ModelCallRecord(answering.Provider, answering.ModelName, usage, clock.Elapsed, firstByte, cost, assembler.StopReason);
            if (fallbacks != null) call = call with { Fallbacks = fallbacks.ToArray() };
            if (span != null) AgentTracing.EndChat(span, call, assembler.PartialText);
            Metrics.RecordModelCall(call);
            _budget?.Add(call);
            _observer.OnModelCall(call);
            return (assembler, call);
        }

        private async Task<(ContentBlock[] Results, JsonElement? Output, IReadOnlyList<string>? OutputErrors)> RunToolsAsync(Message message, CancellationToken cancellationToken)
        {
            var executor = new ToolExecutor(_agent.Tools, _agent.Options.ToolTimeout);
            var results = new List<ContentBlock>();
            JsonElement? output = null;
            IReadOnlyList<string>? outputErrors = null;
            foreach (var requested in message.ToolUses)
            {
                var use = requested;
                cancellationToken.ThrowIfCancellationRequested();
                var clock = ValueStopwatch.StartNew();
                using var span = AgentTracing.StartTool(use);
                ToolResultBlock result;
                if (_output != null && use.Name == _output.Spec.Name)
                {
                    (result, var errors) = await CheckOutputAsync(use, cancellationToken).ConfigureAwait(false);
                    if (errors == null) output = use.Input;
                    else outputErrors = errors;
                }
                else
                {
                    (result, var run) = await RunToolWithHooksAsync(executor, use, clock, cancellationToken).ConfigureAwait(false);
                    use = run;
                }
                var elapsed = clock.Elapsed;
                if (span != null) AgentTracing.EndTool(span, result, elapsed);
                Metrics.RecordTool(use.Name, result.Status == ToolResultStatus.Success, elapsed);
                _toolCalls.Add(new ToolCallRecord(use.ToolUseId, use.Name, use.Input, result.Status, result.ToText(), elapsed));
                _observer.OnToolResult(use, result, elapsed);
                results.Add(result);
            }
            return (results.ToArray(), output, outputErrors);
        }

        // BeforeToolCall may cancel the call or replace its arguments (then validated like the
        // model's own); AfterToolCall may rewrite the result. Returns the call as it was run.
        private async Task<(ToolResultBlock Result, ToolUseBlock Run)> RunToolWithHooksAsync(ToolExecutor executor, ToolUseBlock use, ValueStopwatch clock, CancellationToken cancellationToken)
        {
            if (_hooks.IsEmpty)
            {
                _observer.OnToolStart(use);
                return ((await executor.ExecuteAsync(use, cancellationToken).ConfigureAwait(false)).Result, use);
            }
            _agent.Tools.TryGet(use.Name, out var tool);
            var before = new BeforeToolCallEvent(_agent, use, tool, ParsedInput(use));
            await _hooks.RaiseAsync(before, cancellationToken).ConfigureAwait(false);
            ToolResultBlock result;
            string? cancelled = null;
            if (before.CancelMessage != null)
            {
                cancelled = before.CancelMessage.Length > 0 ? before.CancelMessage : BeforeToolCallEvent.DefaultCancelMessage;
                result = ToolResultBlock.FromText(use.ToolUseId, ToolResultStatus.Error, cancelled);
            }
            else
            {
                if (before.InputReplaced) use = use with { Input = before.Input, RawInput = null };
                _observer.OnToolStart(use);
                result = (await executor.ExecuteAsync(use, cancellationToken).ConfigureAwait(false)).Result;
            }
            var after = new AfterToolCallEvent(_agent, use, tool, result, clock.Elapsed, cancelled);
            await _hooks.RaiseAsync(after, cancellationToken).ConfigureAwait(false);
            return (after.Result, use);
        }

        // What hooks see as the arguments: the streamed JSON when it parses (the executor reports it otherwise).
        private static JsonElement ParsedInput(ToolUseBlock use)
        {
            if (string.IsNullOrWhiteSpace(use.RawInput)) return use.Input;
            try
            {
                using var doc = JsonDocument.Parse(use.RawInput!);
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return use.Input;
            }
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
        // Checked before copying: a reply that needs no change (nearly all) is kept as it is.
        private static Message NormalizeForHistory(Message message)
        {
            var content = message.Content;
            var hasToolUse = false;
            var hasBlankText = false;
            for (var i = 0; i < content.Count; i++)
            {
                hasToolUse |= content[i] is ToolUseBlock;
                hasBlankText |= IsBlankText(content[i]);
            }
            var dropBlank = hasToolUse && hasBlankText;
            if (content.Count > 0 && !dropBlank) return message;

            var blocks = new List<ContentBlock>(content.Count);
            for (var i = 0; i < content.Count; i++)
            {
                if (!(dropBlank && IsBlankText(content[i]))) blocks.Add(content[i]);
            }
            if (blocks.Count == 0) blocks.Add(new TextBlock("[blank text]"));
            return message with { Content = blocks.ToArray() };
        }

        private static bool IsBlankText(ContentBlock block) => block is TextBlock t && string.IsNullOrWhiteSpace(t.Text);

        private bool Reduce()
        {
            lock (_messages) return _agent.ConversationManager.ReduceContext(_messages);
        }

        private async Task AppendAsync(Message message, CancellationToken cancellationToken)
        {
            lock (_messages) _messages.Add(message);
            _observer.OnMessageAdded(message);
            if (!_hooks.IsEmpty) await _hooks.RaiseAsync(new MessageAddedEvent(_agent, message), cancellationToken).ConfigureAwait(false);
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
