using System.Text.Json;
using Strands.Agent;
using Strands.Telemetry;
using Strands.Types;

namespace Strands.SessionCrashProbe
{
    /// <summary>
    /// The sessions the probe saves, as a pure function of a turn number, so the crash test can
    /// tell exactly which state a file holds and compare it with what the probe reported.
    /// Shared with the test project (linked source), not referenced, so both sides build it alike.
    /// </summary>
    public static class ProbeSession
    {
        /// <summary>Turns kept, like a sliding window, so files stay a steady size over long runs.</summary>
        public const int WindowTurns = 12;

        /// <summary>State number <paramref name="turn"/>: the last turns up to it, every content block kind, usage that grows with it.</summary>
        public static AgentSessionData Build(int turn)
        {
            var first = Math.Max(0, turn - WindowTurns + 1);
            var messages = new List<Message>();
            for (var t = first; t <= turn; t++) messages.AddRange(Turn(t));
            using var state = JsonDocument.Parse($$"""{"turn":{{turn}}}""");
            var usage = InvocationMetrics.FromTotals(turn + 1, 2 * (turn + 1), 2 * (turn + 1),
                new Usage(100L * (turn + 1), 10L * (turn + 1), turn, 1), TimeSpan.FromMilliseconds(turn), TimeSpan.FromMilliseconds(3 * turn), 0.001m * (turn + 1),
                new[] { new ToolMetrics("probe", turn + 1, turn + 1, 0, TimeSpan.FromMilliseconds(turn)) });
            return new AgentSessionData
            {
                AgentName = "probe",
                Messages = messages,
                RemovedMessageCount = 4 * first,
                State = state.RootElement.Clone(),
                Usage = usage,
            };
        }

        /// <summary>The turn a loaded session says it holds.</summary>
        public static int TurnOf(AgentSessionData data) =>
            data.State is JsonElement s && s.TryGetProperty("turn", out var t) ? t.GetInt32() : throw new FormatException("The session has no probe turn.");

        // Four messages per turn: a valid tool round trip. Text sizes vary (up to ~60 KB) so
        // saves take different times and kills land in every phase of a write.
        private static IEnumerable<Message> Turn(int t)
        {
            var filler = new string((char)('a' + t % 26), t * 7919 % 60000);
            var id = "call_" + t;
            using var input = JsonDocument.Parse($$"""{"turn":{{t}},"path":"C:\\ops\\{{t}}.log"}""");
            using var json = JsonDocument.Parse($$"""{"rows":[{{t}},{{t + 1}}],"ok":true}""");
            yield return new Message(Role.User, new ContentBlock[]
            {
                new TextBlock($"turn {t} ✓ \"quoted\"\n{filler}"),
                new ImageBlock("png", new byte[] { 0x89, 0x50, 0x4E, 0x47, (byte)t }, t % 2 == 0 ? "chart.png" : null),
                new DocumentBlock("pdf", $"report {t}.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, (byte)t }),
                new CachePointBlock("default", t % 2 == 0 ? "5m" : null),
            });
            yield return new Message(Role.Assistant, new ContentBlock[]
            {
                new ReasoningBlock($"thinking about {t}", "sig-" + t),
                new ToolUseBlock(id, "probe", input.RootElement.Clone(), ReasoningSignature: t % 3 == 0 ? "thought-" + t : null),
            });
            yield return new Message(Role.User, new ContentBlock[]
            {
                new ToolResultBlock(id, t % 5 == 0 ? ToolResultStatus.Error : ToolResultStatus.Success,
                    new[] { ToolResultContent.FromText("result " + t), ToolResultContent.FromJson(json.RootElement.Clone()) }),
            });
            yield return new Message(Role.Assistant, new ContentBlock[]
            {
                new ReasoningBlock(string.Empty, RedactedContent: "redacted-" + t),
                new TextBlock("answer " + t),
            });
        }
    }
}
