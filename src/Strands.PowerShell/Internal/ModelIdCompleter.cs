using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Strands.Models.Routing;
using Strands.Telemetry;

namespace Strands.PowerShell.Internal
{
    /// <summary>
    /// Tab completion for model ids: provider prefixes first (<c>anth</c> → <c>anthropic/</c>), then the
    /// provider's models from the price table (<c>anthropic/cl</c> → <c>anthropic/claude-…</c>).
    /// </summary>
    public sealed class ModelIdCompleter : IArgumentCompleter
    {
        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = wordToComplete ?? string.Empty;
            var quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word[0].ToString() : string.Empty;
            var text = word.Trim('\'', '"');
            var slash = text.IndexOf('/');
            IEnumerable<string> ids = slash < 0
                ? ProviderTable.Names.Where(p => p.StartsWith(text, StringComparison.OrdinalIgnoreCase)).Select(p => p + "/")
                : ModelsOf(text.Substring(0, slash), text.Substring(slash + 1));
            return ids.Select(id => new CompletionResult(quote + id + quote, id, CompletionResultType.ParameterValue, id));
        }

        private static IEnumerable<string> ModelsOf(string provider, string prefix)
        {
            var known = ProviderTable.Names.FirstOrDefault(p => p.Equals(provider, StringComparison.OrdinalIgnoreCase));
            if (known == null) return Enumerable.Empty<string>();
            return PriceTable.ModelNamesFor(known)
                .Where(m => m.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(m => known + "/" + m);
        }
    }
}
