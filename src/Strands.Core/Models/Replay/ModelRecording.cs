using System;
using Strands.Models.Routing;
using Strands.Types;

namespace Strands.Models.Replay
{
    /// <summary>
    /// Builds recording and replaying models for <see cref="ModelFactory"/>: the same adapters,
    /// with <see cref="Http.HttpSettings.Handler"/> swapped for a <see cref="RecordingHandler"/>
    /// or a <see cref="ReplayHandler"/>, so every provider's real request and parsing code runs.
    /// </summary>
    public static class ModelRecording
    {
        /// <summary>The model id prefix that replays a recording: <c>replay/&lt;path&gt;</c>.</summary>
        public const string ReplayPrefix = "replay/";

        // Routing needs a key for most providers; replay sends nothing anywhere, so a placeholder
        // stands in and no environment variable or credential chain is consulted.
        private const string PlaceholderKey = "replay-placeholder-key";

        /// <summary>Whether <paramref name="modelId"/> has the form <c>replay/&lt;path&gt;</c>, and the path.</summary>
        public static bool TryGetReplayPath(string modelId, out string path)
        {
            var id = modelId?.Trim() ?? string.Empty;
            var match = id.StartsWith(ReplayPrefix, StringComparison.OrdinalIgnoreCase) && id.Length > ReplayPrefix.Length;
            path = match ? id.Substring(ReplayPrefix.Length) : string.Empty;
            return match;
        }

        /// <summary>
        /// A model answering from a recording. With <c>replay/&lt;path&gt;</c> the recording names
        /// the model and its parameters; with <see cref="ModelSettings.ReplayFrom"/> the settings
        /// do, and must route to the provider the recording was made with. The environment is not
        /// read, so a replay behaves the same on every machine.
        /// </summary>
        /// <exception cref="StrandsException">The recording cannot be read, or (<c>ReplayMismatch</c>) belongs to another provider.</exception>
        public static (IModel Model, ModelRoute Route) CreateReplay(ModelSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            if (settings.RecordTo != null)
                throw new StrandsException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, ErrorText.Of($"A model either records ({Setting.RecordTo}) or replays ({Setting.ReplayFrom} or replay/<path>), not both."));

            var fromId = TryGetReplayPath(settings.ModelId, out var idPath);
            var path = settings.ReplayFrom ?? idPath;
            var recording = Recording.Load(path);
            var recorded = recording.Model;
            var routed = new ModelSettings(fromId ? recorded.ModelId : settings.ModelId)
            {
                ApiKey = ApiKey.FromPlainText(PlaceholderKey),
                ApiBase = settings.ApiBase ?? recorded.ApiBase,
                UseLiteLlmProxy = fromId ? recorded.UseLiteLlmProxy : settings.UseLiteLlmProxy,
                ApiVersion = settings.ApiVersion ?? recorded.ApiVersion,
                AwsRegionName = settings.AwsRegionName ?? recorded.Region,
                Params = settings.Params ?? (fromId ? recorded.Params : null),
                Http = settings.Http with { Handler = new ReplayHandler(recording, path) },
            };

            var (model, route) = ModelFactory.Create(routed, _ => null);
            if (!string.Equals(route.Provider.Name, recorded.Provider, StringComparison.OrdinalIgnoreCase))
                throw ReplayException.Mismatch(path, 0, recording.Exchanges.Count, new RequestDifference("model.provider", recorded.Provider, route.Provider.Name));
            return (model, route with { ApiKey = null, ApiKeySource = "replay" });
        }

        /// <summary>
        /// A model that calls its provider as usual and records every exchange to
        /// <see cref="ModelSettings.RecordTo"/>. The file is written at once (empty), so an
        /// unwritable path fails here, before any paid call.
        /// </summary>
        public static (IModel Model, ModelRoute Route) CreateRecording(ModelSettings settings, Func<string, string?>? getEnv = null)
        {
            if (settings?.RecordTo is not string path) throw new ArgumentException("RecordTo is not set.", nameof(settings));
            var recorder = new RecordingHandler(path, settings.Http.Handler);
            var (model, route) = ModelFactory.Create(settings with { RecordTo = null, Http = settings.Http with { Handler = recorder } }, getEnv);
            recorder.Start(new RecordedModel(settings.ModelId, route.Provider.Name, route.ModelName, Redaction.RedactUrl(route.ApiBase))
            {
                UseLiteLlmProxy = settings.UseLiteLlmProxy,
                ApiVersion = route.ApiVersion,
                Region = route.Region,
                Params = settings.Params,
            });
            return (model, route);
        }
    }
}
