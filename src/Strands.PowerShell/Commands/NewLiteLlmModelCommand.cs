using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text.Json;
using Strands.Models;
using Strands.Models.Fallback;
using Strands.Models.Http;
using Strands.PowerShell.Internal;
using Strands.PowerShell.Tools;
using Strands.Types;

namespace Strands.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a model from a LiteLLM-style provider/model id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LiteLlmModel")]
    [OutputType(typeof(LiteLlmModel))]
    public sealed class NewLiteLlmModelCommand : PSCmdlet
    {
        /// <summary>provider/model, e.g. anthropic/claude-3-7-sonnet-20250219, litellm_proxy/gpt-4o.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModelIdCompleter))]
        public string ModelId { get; set; } = string.Empty;

        /// <summary>The provider key (SecureString or string); else the provider's environment variable.</summary>
        [Parameter]
        [ApiKeyTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>A credential pair: for bedrock/ the AWS access key id (user name) and secret access key (password); for azure/ the Entra ID client id and client secret.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Endpoint base URL; overrides the provider's default and environment.</summary>
        [Parameter]
        public string? ApiBase { get; set; }

        /// <summary>Send the request through a LiteLLM proxy (client_args use_litellm_proxy).</summary>
        [Parameter]
        public SwitchParameter UseLiteLlmProxy { get; set; }

        /// <summary>Model parameters merged into each request (Strands' params), e.g. @{max_tokens=1000; temperature=0.7}.</summary>
        [Parameter]
        public Hashtable? Params { get; set; }

        /// <summary>Strands' client_args with LiteLLM's snake_case keys: api_key, api_base, use_litellm_proxy, timeout, num_retries, api_version, aws_region_name, extra_headers, each provider's settings; max_response_bytes, the largest response body read before failing with ResponseTooLarge (default 64 MiB); and LiteLLM's fallbacks and context_window_fallbacks (model ids or models, as -Fallback). An unknown key or a wrong type is InvalidArgument.</summary>
        [Parameter]
        public Hashtable? ClientArgs { get; set; }

        /// <summary>Seconds to wait for response headers and for each read of the body (default 600).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

        /// <summary>Retries for throttling, 5xx and connection failures (default 3).</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = -1;

        /// <summary>Extra HTTP headers sent with every request.</summary>
        [Parameter]
        public Hashtable? Headers { get; set; }

        /// <summary>Records every HTTP exchange of the model to this JSON file (keys and credential headers are never written).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RecordTo { get; set; }

        /// <summary>Answers from a recording made with -RecordTo, offline; fails with ReplayMismatch when the script's requests differ.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReplayFrom { get; set; }

        /// <summary>
        /// Models (from New-LiteLlmModel, or ids routed with keys from the environment) tried in order when a call
        /// still fails after its retries with a throttle (429), a 5xx, a timeout or a connection error, before any
        /// of its text was shown. Authentication errors and bad requests do not fall back. Each call starts again
        /// at this model. LiteLLM's fallbacks and context_window_fallbacks keys in -Params or -ClientArgs do the same.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object[]? Fallback { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            try
            {
                // Copies: LiteLLM's router keys (they choose models, they are not sent to the provider) and
                // the provider settings found in -Params are taken out of them, not out of the caller's tables.
                var parameters = Params != null ? new Hashtable(Params, StringComparer.OrdinalIgnoreCase) : null;
                var clientArgs = ClientArgs != null ? new Hashtable(ClientArgs, StringComparer.OrdinalIgnoreCase) : null;
                var fallbackValues = new List<object?> { Fallback };
                var largerValues = new List<object?>();
                foreach (var table in new[] { parameters, clientArgs })
                {
                    if (table == null) continue;
                    fallbackValues.Add(Take(table, "fallbacks"));
                    largerValues.Add(Take(table, "context_window_fallbacks"));
                }
                var args = new ClientArguments(clientArgs, parameters);
                var key = ApiKey ?? args.SecureString("api_key");
                var http = new HttpSettings
                {
                    Timeout = TimeSpan.FromSeconds(MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeoutSec : args.Double("timeout") ?? 600),
                    MaxRetries = MaxRetries >= 0 ? MaxRetries : args.Int("num_retries") ?? args.Int("max_retries") ?? 3,
                    Headers = MergeHeaders(args.Table("extra_headers") ?? args.Table("headers"), Headers),
                };
                if (args.Double("timeout") is double timeout && timeout <= 0)
                    throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"-ClientArgs timeout must be more than 0 seconds (got {timeout.ToString(CultureInfo.InvariantCulture)}).");
                if (args.Double("max_response_bytes") is double maxBytes)
                {
                    if (maxBytes < 1) throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"client_args max_response_bytes must be at least 1 (got {maxBytes}).");
                    http = http with { MaxResponseBytes = (long)maxBytes };
                }
                var settings = new ModelSettings(RecordingPaths.ResolveModelId(SessionState.Path, ModelId))
                {
                    RecordTo = RecordTo != null ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(RecordTo) : null,
                    ReplayFrom = ReplayFrom != null ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReplayFrom) : null,
                    ApiKey = key != null ? new ApiKey(key) : null,
                    ApiBase = ApiBase ?? args.String("api_base") ?? args.String("base_url"),
                    UseLiteLlmProxy = UseLiteLlmProxy.IsPresent || args.Bool("use_litellm_proxy"),
                    ApiVersion = args.String("api_version"),
                    AwsRegionName = args.String("aws_region_name"),
                    ProviderOptions = args.ProviderOptions(Credential is { UserName.Length: > 0 } c ? new ProviderCredential(c.UserName, new ApiKey(c.Password)) : null),
                    Params = parameters != null ? ToJsonObject(parameters) : null,
                    Http = http,
                };
                var (model, route) = ModelFactory.Create(settings);
                WriteVerbose($"Model {ModelId}: {route}");
                var primary = new LiteLlmModel(model, route, ModelId, parameters ?? new Hashtable(), settings);
                var fallbacks = fallbackValues.SelectMany(v => Models(v, primary)).ToList();
                var larger = largerValues.SelectMany(v => Models(v, primary)).ToList();
                if (fallbacks.Count + larger.Count > 0)
                {
                    model = new FallbackModel(model, fallbacks.ConvertAll(m => m.Core), larger.ConvertAll(m => m.Core));
                    WriteVerbose($"Model {ModelId}: falls back to {string.Join(", ", fallbacks)}; on a context-window overflow to {(larger.Count > 0 ? string.Join(", ", larger) : "none")}");
                }
                WriteObject(TypeNames.Typed(new LiteLlmModel(model, route, ModelId, parameters ?? new Hashtable(), settings, fallbacks.ToArray(), larger.ToArray())));
            }
            catch (StrandsException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ModelId));
            }
        }

        // Removes a router key from the table and returns its value (null when absent).
        private static object? Take(Hashtable table, string key)
        {
            var value = table[key];
            table.Remove(key);
            return value is PSObject p ? p.BaseObject : value;
        }

        // Fallback models from models, ids, or a list of them; an id of the primary's provider keeps its
        // key, endpoint and parameters, another provider's id reads that provider's environment.
        private IEnumerable<LiteLlmModel> Models(object? value, LiteLlmModel primary)
        {
            if (value == null) yield break;
            var items = value is string || value is not IEnumerable list ? new[] { value } : list.Cast<object?>();
            foreach (var item in items)
            {
                var v = item is PSObject p ? p.BaseObject : item;
                if (v is LiteLlmModel model) { yield return model; continue; }
                if (v is not string id || id.Length == 0)
                    throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"A fallback must be a model from New-LiteLlmModel or a model id, not '{v}'.");
                yield return primary.ForModelId(RecordingPaths.ResolveModelId(SessionState.Path, id), id);
            }
        }

        private static JsonElement ToJsonObject(Hashtable table)
        {
            using var doc = JsonDocument.Parse(PowerShellJson.Serialize(table, maxDepth: 16));
            return doc.RootElement.Clone();
        }

        private static IReadOnlyDictionary<string, string> MergeHeaders(params IDictionary?[] tables)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var table in tables)
            {
                if (table == null) continue;
                foreach (DictionaryEntry e in table)
                    headers[Convert.ToString(e.Key, CultureInfo.InvariantCulture)!] = Convert.ToString(e.Value is PSObject p ? p.BaseObject : e.Value, CultureInfo.InvariantCulture) ?? "";
            }
            return headers;
        }
    }
}
