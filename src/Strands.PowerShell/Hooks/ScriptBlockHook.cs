using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Strands.Hooks;
using Strands.PowerShell.Hosting;
using Strands.Types;

namespace Strands.PowerShell.Hooks
{
    /// <summary>
    /// The -OnEvent script blocks of one agent. Each runs on the pipeline thread of the running
    /// Invoke-StrandsAgent (the loop awaits it through the pump), in a nested pipeline of the
    /// caller's runspace so Ctrl+C stops it like a tool. A terminating error in a script block
    /// fails the invocation (Strands propagates hook exceptions); non-terminating errors are
    /// written to the cmdlet's error stream and the loop goes on.
    /// </summary>
    internal sealed class ScriptBlockHook : IAgentHook
    {
        // Output is discarded: hooks observe and steer, they do not add to the cmdlet's output.
        private const string InvokeScript = "param($__strandsHook, $__strandsEvent) $null = & $__strandsHook $__strandsEvent";
        private static readonly string[] EventNames = Enum.GetNames(typeof(HookEventKind));
        private readonly Dictionary<HookEventKind, ScriptBlock[]> _handlers;

        private ScriptBlockHook(Dictionary<HookEventKind, ScriptBlock[]> handlers) => _handlers = handlers;

        /// <summary>The PowerShell agent wrapper, set once it exists, so events can show it.</summary>
        public StrandsAgent? Agent { get; set; }

        /// <summary>
        /// Parses -OnEvent: a hashtable of event name → script block (or script blocks), or one
        /// script block for every event. Unknown names fail with the list of valid ones.
        /// </summary>
        public static ScriptBlockHook? Create(object? onEvent)
        {
            var value = onEvent is PSObject pso ? pso.BaseObject : onEvent;
            var handlers = new Dictionary<HookEventKind, ScriptBlock[]>();
            switch (value)
            {
                case null:
                    return null;
                case ScriptBlock all:
                    foreach (HookEventKind kind in Enum.GetValues(typeof(HookEventKind))) handlers[kind] = new[] { all };
                    break;
                case IDictionary table:
                    foreach (DictionaryEntry entry in table)
                    {
                        var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                        if (!Enum.TryParse<HookEventKind>(name, ignoreCase: true, out var kind) || !EventNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                            throw Invalid($"-OnEvent has an unknown event '{name}'. Valid events: {string.Join(", ", EventNames)}.");
                        handlers[kind] = ScriptBlocks(name, entry.Value);
                    }
                    break;
                default:
                    throw Invalid($"-OnEvent takes a hashtable of event name = script block (events: {string.Join(", ", EventNames)}), or one script block for every event; not {value.GetType().Name}.");
            }
            return handlers.Count == 0 ? null : new ScriptBlockHook(handlers);
        }

        public Task OnEventAsync(HookEvent hookEvent, CancellationToken cancellationToken)
        {
            if (!_handlers.TryGetValue(hookEvent.Kind, out var blocks)) return Task.CompletedTask;
            var context = InvocationContext.Current
                ?? throw new InvalidOperationException("PowerShell hooks run only inside Invoke-StrandsAgent.");
            return context.Pump.InvokeAsync(() =>
            {
                context.EndHostLine();
                var view = new StrandsHookEvent(hookEvent, Agent);
                foreach (var block in blocks) Run(context, block, view);
                view.Apply();
                return true;
            }, cancellationToken);
        }

        private static void Run(InvocationContext context, ScriptBlock block, StrandsHookEvent view)
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddScript(InvokeScript).AddArgument(block).AddArgument(Internal.TypeNames.Typed(view));
            context.SetRunning(ps);
            try
            {
                ps.Invoke();
                foreach (var error in ps.Streams.Error) context.Cmdlet.WriteError(error);
            }
            finally
            {
                context.SetRunning(null);
            }
        }

        private static ScriptBlock[] ScriptBlocks(string name, object? value)
        {
            var item = value is PSObject p ? p.BaseObject : value;
            if (item is ScriptBlock one) return new[] { one };
            if (item is IEnumerable many and not string)
            {
                var blocks = new List<ScriptBlock>();
                foreach (var element in many)
                    blocks.Add((element is PSObject e ? e.BaseObject : element) as ScriptBlock
                        ?? throw Invalid($"-OnEvent '{name}' must be a script block or an array of script blocks."));
                return blocks.ToArray();
            }
            throw Invalid($"-OnEvent '{name}' must be a script block or an array of script blocks, not {item?.GetType().Name ?? "null"}.");
        }

        private static StrandsException Invalid(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
    }
}
