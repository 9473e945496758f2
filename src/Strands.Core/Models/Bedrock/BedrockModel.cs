using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Strands.Models.Http;
using Strands.Streaming;
using Strands.Types;

namespace Strands.Models.Bedrock
{
    /// <summary>
    /// Amazon Bedrock Converse adapter: <c>POST {base}/model/{modelId}/converse-stream</c> (or
    /// <c>/converse</c> when the parameters say <c>stream: false</c>), authenticated with a bearer
    /// token when one is given, else SigV4 with credentials from the AWS default chain. Streams the
    /// binary event-stream reply as <see cref="ModelStreamEvent"/>s as each frame arrives.
    /// </summary>
    public sealed class BedrockModel : HttpModel
    {
        private const string SigningService = "bedrock";

        private readonly string _region;
        private readonly ApiKey? _bearerToken;
        private IAwsCredentialsProvider? _credentials;

        /// <summary>Creates the adapter.</summary>
        /// <param name="modelName">Model id or inference-profile ARN, e.g. <c>us.anthropic.claude-3-7-sonnet-20250219-v1:0</c>; a leading <c>converse/</c> route segment is dropped.</param>
        /// <param name="apiBase">The runtime endpoint, e.g. <c>https://bedrock-runtime.us-east-1.amazonaws.com</c>.</param>
        /// <param name="region">The AWS region requests are signed for.</param>
        /// <param name="bearerToken">A Bedrock API key (AWS_BEARER_TOKEN_BEDROCK); null signs with SigV4.</param>
        /// <param name="parameters">Model parameters: OpenAI-style names map to inferenceConfig, the rest go to additionalModelRequestFields.</param>
        /// <param name="http">Timeouts, retries, bounds and extra headers.</param>
        /// <param name="credentials">Where SigV4 credentials come from; null for the AWS default chain, resolved on first use.</param>
        public BedrockModel(string modelName, string apiBase, string region, ApiKey? bearerToken, JsonElement? parameters, HttpSettings http,
            IAwsCredentialsProvider? credentials = null)
            : base("bedrock", WireModelId(modelName), parameters, http)
        {
            if (string.IsNullOrWhiteSpace(region)) throw new ArgumentException("An AWS region is required.", nameof(region));
            _region = region;
            _bearerToken = bearerToken;
            _credentials = credentials;
            // A bad reasoning_effort fails here, when the model is created, not at the first request.
            if (ReasoningEffort.Read(parameters) is Effort effort) BedrockReasoning.For(ModelName, effort);
            // Like LiteLLM's quote(model_id, safe=""): an ARN's ':' and '/' stay inside one path segment.
            Endpoint = new Uri($"{apiBase.TrimEnd('/')}/model/{Uri.EscapeDataString(ModelName)}/{(Streaming ? "converse-stream" : "converse")}");
        }

        /// <summary>The URL requests go to.</summary>
        public override Uri Endpoint { get; }

        /// <inheritdoc/>
        // Converse: ImageBlock up to 3.75 MB, DocumentBlock up to 4.5 MB, every DocumentFormat.
        public override AttachmentLimits Attachments { get; } =
            new(Attachment.ImageFormats, Attachment.DocumentFormats, maxImageMegabytes: 3.75, maxDocumentMegabytes: 4.5);

        private static string WireModelId(string modelName)
        {
            if (string.IsNullOrWhiteSpace(modelName)) throw new ArgumentException("A Bedrock model id is required.", nameof(modelName));
            return modelName.StartsWith("converse/", StringComparison.Ordinal) ? modelName.Substring("converse/".Length) : modelName;
        }

        /// <inheritdoc/>
        public override async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var body = BedrockRequestWriter.Write(ModelName, request, Parameters);
            TraceRequest(request.Trace, body, body.Length);

            var credentials = _bearerToken is null ? await GetCredentialsAsync(cancellationToken).ConfigureAwait(false) : null;
            using var response = await Http.SendAsync(() => CreateRequest(body, credentials), BedrockErrors.FromResponse, request.Trace, cancellationToken)
                .ConfigureAwait(false);
            var parser = new BedrockResponseParser();

            if (Streaming)
            {
                using var decoder = new EventStreamDecoder(response.Body);
                while (await decoder.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var e in parser.Accept(decoder.Current)) yield return e;
                }
                if (!parser.Stopped)
                    throw new StreamFormatException("The bedrock stream ended before messageStop (connection dropped?).");
            }
            else
            {
                var whole = await ReadWholeBodyAsync(response, request.Trace, cancellationToken).ConfigureAwait(false);
                foreach (var e in parser.AcceptConverse(whole.Span)) yield return e;
            }
        }

        private async Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            // Our own providers (chain, profile, role) load the AWS SDK; a caller's provider may not.
            var usingDefaultChain = _credentials is null || _credentials.GetType().Assembly == typeof(BedrockModel).Assembly;
            try
            {
                _credentials ??= CreateDefaultChain();
                return await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (usingDefaultChain && ex is FileLoadException or FileNotFoundException or TypeLoadException)
            {
                // A session that already loaded another major version of AWSSDK.Core (an older
                // AWS.Tools module) cannot load ours beside it; say so instead of a bare load error.
                throw new ModelException(ErrorIds.AuthenticationFailed, ErrorKind.Authentication,
                    $"bedrock needs AWSSDK.Core 4 to find AWS credentials, and it could not be loaded: {ex.Message}", inner: ex)
                {
                    Recommendation = ErrorText.Of($"Use a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK or {Setting.ApiKey}), or start a session that has not loaded an older AWS.Tools module."),
                };
            }
        }

        // Kept out of line so AWSSDK.Core loads when the chain is first needed, not when this class does.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IAwsCredentialsProvider CreateDefaultChain() => new AwsCredentialChain();

        // Called once per attempt, so each retry carries a fresh x-amz-date.
        private HttpRequestMessage CreateRequest(byte[] body, AwsCredentials? credentials)
        {
            var message = JsonPost(body, body.Length);
            if (_bearerToken != null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken.Reveal());
            else SigV4Signer.Sign(message, body, credentials!, _region, SigningService, DateTime.UtcNow);
            return message;
        }
    }
}
