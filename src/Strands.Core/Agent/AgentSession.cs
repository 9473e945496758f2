using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Strands.EventLoop;
using Strands.Telemetry;
using Strands.Internal;
using Strands.Types;

namespace Strands.Agent
{
    /// <summary>
    /// What a session file holds: the conversation, the agent's state (name, window position,
    /// free-form state) and its accumulated usage.
    /// </summary>
    public sealed class AgentSessionData
    {
        /// <summary>The agent the session belongs to.</summary>
        public string AgentName { get; init; } = AgentOptions.DefaultName;
        /// <summary>The conversation, oldest first, always valid (no unanswered tool call).</summary>
        public IReadOnlyList<Message> Messages { get; init; } = Array.Empty<Message>();
        /// <summary>Messages the sliding window has dropped so far.</summary>
        public int RemovedMessageCount { get; init; }
        /// <summary>Free-form state the caller keeps with the session (a JSON object), or null.</summary>
        public JsonElement? State { get; init; }
        /// <summary>Usage summed over every invocation of the session (sums only, no per-call records).</summary>
        public InvocationMetrics Usage { get; init; } = new();
        /// <summary>When the file was written (UTC); null for data not read from a file.</summary>
        public DateTimeOffset? SavedAt { get; init; }

        /// <summary>
        /// Snapshots an agent. The copy of the conversation is repaired the way the agent loop repairs
        /// its own, so even a snapshot taken while a cancelled invocation is still unwinding never
        /// holds a toolUse without its toolResult: a restored session is always accepted by providers.
        /// </summary>
        public static AgentSessionData Capture(Agent agent, JsonElement? state = null)
        {
            if (agent is null) throw new ArgumentNullException(nameof(agent));
            var messages = agent.Messages.ToList();
            HistoryRepair.AnswerDanglingToolUses(messages, "Tool was interrupted.");
            InvocationMetrics usage;
            lock (agent.AccumulatedMetrics)
            {
                usage = new InvocationMetrics();
                usage.ReplaceWith(agent.AccumulatedMetrics);
            }

            return new AgentSessionData
            {
                AgentName = agent.Name,
                Messages = messages,
                RemovedMessageCount = agent.ConversationManager.RemovedMessageCount,
                State = state,
                Usage = usage,
            };
        }
    }

    /// <summary>
    /// Sessions on disk, like Strands' FileSessionManager but as one JSON file per agent session.
    /// A save writes the whole session to a temporary file in the same folder, flushes it to the
    /// disk and renames it over the old file, so a reader (or a process restarted after a crash)
    /// sees either the previous session or the new one, never a mixture or a truncated file.
    /// Strands writes one file per message; with one file a save is a single atomic rename, and
    /// window trimming, repairs and usage can never disagree with the messages on disk.
    /// </summary>
    public static class AgentSession
    {
        /// <summary>The schema version this build writes and the newest it reads.</summary>
        public const int SchemaVersion = 1;

        /// <summary>The <c>type</c> field of every session file, so a stray JSON file is recognised as not ours.</summary>
        public const string FileType = "Strands.AgentSession";

        /// <summary>The temporary file a save writes before renaming it over <paramref name="path"/>.</summary>
        public static string TempPathFor(string path) => Path.GetFullPath(path) + ".tmp";

        /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically (temp file, flush to disk, rename).</summary>
        /// <exception cref="StrandsException"><c>SessionSaveFailed</c> when the file cannot be written; the old file is then unchanged.</exception>
        public static void Save(string path, AgentSessionData data)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (data is null) throw new ArgumentNullException(nameof(data));
            var bytes = Serialize(data, DateTimeOffset.UtcNow);
            try
            {
                WriteAtomically(Path.GetFullPath(path), bytes);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                throw new StrandsException(ErrorIds.SessionSaveFailed, ErrorKind.WriteFailed, $"The session could not be saved to '{path}': {ex.Message}", ex)
                {
                    Recommendation = ErrorText.Plain("Check that the folder exists and is writable. The previous session file, if any, is unchanged."),
                };
            }
        }

        /// <summary>Reads a session file.</summary>
        /// <exception cref="StrandsException">
        /// <c>SessionCorrupt</c> when the file is not a valid session, <c>SessionVersionUnsupported</c> when a
        /// newer version wrote it, <c>SessionLoadFailed</c> when it cannot be read. The file is never modified.
        /// </exception>
        public static AgentSessionData Load(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                throw new StrandsException(ErrorIds.SessionLoadFailed, ErrorKind.ReadFailed, $"The session file '{path}' could not be read: {ex.Message}", ex);
            }

            return Deserialize(bytes, path);
        }

        /// <summary>
        /// Puts a loaded session into a new agent: conversation, window position and usage. Replaces
        /// what the agent had; refuses while it is running an invocation.
        /// </summary>
        public static void Restore(Agent agent, AgentSessionData data)
        {
            if (agent is null) throw new ArgumentNullException(nameof(agent));
            if (data is null) throw new ArgumentNullException(nameof(data));
            if (agent.IsBusy)
                throw new StrandsException(ErrorIds.AgentBusy, ErrorKind.Busy, $"Agent '{agent.Name}' is running an invocation; a session can only be restored into an idle agent.");
            agent.LoadMessages(data.Messages);
            agent.ConversationManager.RestoreRemovedMessageCount(data.RemovedMessageCount);
            lock (agent.AccumulatedMetrics) agent.AccumulatedMetrics.ReplaceWith(data.Usage);
        }

        /// <summary>The file's bytes: indented UTF-8 JSON, messages in Strands' own shape.</summary>
        internal static byte[] Serialize(AgentSessionData data, DateTimeOffset savedAt)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, MessageJson.WriterOptions))
            {
                w.WriteStartObject();
                w.WriteNumber("schemaVersion", SchemaVersion);
                w.WriteString("type", FileType);
                w.WriteString("savedAt", savedAt.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture));

                w.WriteStartObject("agent");
                w.WriteString("name", data.AgentName);
                w.WriteNumber("removedMessageCount", data.RemovedMessageCount);
                if (data.State is JsonElement state && state.ValueKind != JsonValueKind.Undefined)
                {
                    w.WritePropertyName("state");
                    state.WriteTo(w);
                }
                w.WriteEndObject();

                WriteUsage(w, data.Usage);

                w.WriteStartArray("messages");
                foreach (var message in data.Messages) MessageJson.Write(w, message);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>Parses a session file's bytes; every defect becomes a <c>SessionCorrupt</c> error naming the file.</summary>
        internal static AgentSessionData Deserialize(byte[] bytes, string path)
        {
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the top level is not a JSON object");
                if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != FileType)
                    throw new FormatException($"'type' is not '{FileType}'");
                if (!root.TryGetProperty("schemaVersion", out var version) || !version.TryGetInt32(out var v) || v < 1)
                    throw new FormatException("'schemaVersion' is missing or invalid");
                if (v > SchemaVersion)
                    throw new StrandsException(ErrorIds.SessionVersionUnsupported, ErrorKind.InvalidData,
                        $"The session file '{path}' has schema version {v}; this version of Strands reads up to {SchemaVersion}. The file was left untouched.")
                    {
                        Recommendation = ErrorText.Of($"Update the Strands module, or give another {Setting.SessionPath}."),
                    };

                var agent = Obj(root, "agent");
                var messages = new List<Message>();
                if (!root.TryGetProperty("messages", out var list) || list.ValueKind != JsonValueKind.Array)
                    throw new FormatException("'messages' is missing");
                foreach (var m in list.EnumerateArray()) messages.Add(MessageJson.Read(m));

                return new AgentSessionData
                {
                    AgentName = Str(agent, "name"),
                    RemovedMessageCount = Int(agent, "removedMessageCount"),
                    State = agent.TryGetProperty("state", out var state) && state.ValueKind != JsonValueKind.Null ? state.Clone() : null,
                    Usage = ReadUsage(Obj(root, "usage")),
                    Messages = messages,
                    SavedAt = root.TryGetProperty("savedAt", out var saved) && saved.ValueKind == JsonValueKind.String && saved.TryGetDateTimeOffset(out var at) ? at : null,
                };
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException || ex is KeyNotFoundException || ex is ArgumentException || ex is OverflowException)
            {
                throw new StrandsException(ErrorIds.SessionCorrupt, ErrorKind.InvalidData,
                    $"The session file '{path}' is not a valid Strands session ({ex.Message}). The file was left untouched.", ex)
                {
                    Recommendation = ErrorText.Plain("Move the file aside or repair it, then run the command again; Strands never overwrites a session it cannot read."),
                };
            }
        }

        private static void WriteAtomically(string path, byte[] bytes)
        {
            var temp = TempPathFor(path);
            // FileMode.Create truncates a temp file a crashed save left behind; FileShare.None makes
            // a second writer on the same session fail instead of interleaving with this one.
            // It holds the whole conversation, so on Unix only its owner may read it (0600); the
            // rename keeps the mode, so the session file is owner-only too.
            using (var stream = OwnerOnlyFile.Create(temp, 4096))
            {
                stream.Write(bytes, 0, bytes.Length);
                // The data must be on the disk before the rename publishes it: otherwise a power loss
                // could leave the new name pointing at a file whose blocks were never written.
                stream.Flush(flushToDisk: true);
            }

            // Both are a rename within one folder, atomic on NTFS and POSIX file systems: the old
            // session stays complete until the new one replaces it.
            if (File.Exists(path)) File.Replace(temp, path, null, ignoreMetadataErrors: true);
            else File.Move(temp, path);
        }

        private static void WriteUsage(Utf8JsonWriter w, InvocationMetrics u)
        {
            w.WriteStartObject("usage");
            w.WriteNumber("invocations", u.Invocations);
            w.WriteNumber("cycles", u.Cycles);
            w.WriteNumber("modelCalls", u.ModelCallCount);
            w.WriteNumber("inputTokens", u.Usage.InputTokens);
            w.WriteNumber("outputTokens", u.Usage.OutputTokens);
            w.WriteNumber("cacheReadInputTokens", u.Usage.CacheReadInputTokens);
            w.WriteNumber("cacheWriteInputTokens", u.Usage.CacheWriteInputTokens);
            if (u.CostUsd is decimal cost) w.WriteNumber("costUsd", cost);
            else w.WriteNull("costUsd");
            w.WriteNumber("latencyMs", u.Latency.TotalMilliseconds);
            w.WriteNumber("durationMs", u.Duration.TotalMilliseconds);
            w.WriteStartArray("tools");
            foreach (var t in u.Tools.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteNumber("callCount", t.CallCount);
                w.WriteNumber("successCount", t.SuccessCount);
                w.WriteNumber("errorCount", t.ErrorCount);
                w.WriteNumber("totalTimeMs", t.TotalTime.TotalMilliseconds);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static InvocationMetrics ReadUsage(JsonElement u)
        {
            var tools = new List<ToolMetrics>();
            if (u.TryGetProperty("tools", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var t in list.EnumerateArray())
                    tools.Add(new ToolMetrics(Str(t, "name"), Int(t, "callCount"), Int(t, "successCount"), Int(t, "errorCount"), Ms(t, "totalTimeMs")));
            var usage = new Usage(Long(u, "inputTokens"), Long(u, "outputTokens"), Long(u, "cacheReadInputTokens"), Long(u, "cacheWriteInputTokens"));
            decimal? cost = u.TryGetProperty("costUsd", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal() : null;
            return InvocationMetrics.FromTotals(Int(u, "invocations"), Int(u, "cycles"), Int(u, "modelCalls"), usage, Ms(u, "latencyMs"), Ms(u, "durationMs"), cost, tools);
        }

        private static JsonElement Obj(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw new FormatException($"'{name}' is missing or not an object");

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"'{name}' is missing or not a string");

        private static int Int(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= 0 ? i : throw new FormatException($"'{name}' is missing or not a count");

        private static long Long(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i) && i >= 0 ? i : throw new FormatException($"'{name}' is missing or not a count");

        // Milliseconds as written by TimeSpan.TotalMilliseconds; rounded to ticks so a round trip is exact.
        private static TimeSpan Ms(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var ms) && ms >= 0
                ? TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond))
                : throw new FormatException($"'{name}' is missing or not a duration");
    }
}
